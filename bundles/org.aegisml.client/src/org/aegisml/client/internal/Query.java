package org.aegisml.client.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A query string built from the parameters that are set; null values are left out. */
final class Query {
    private final StringBuilder sb = new StringBuilder();

    static Query of() {
        return new Query();
    }

    Query add(String name, Object value) {
        if (value == null) return this;
        sb.append(sb.isEmpty() ? '?' : '&').append(name).append('=')
                .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
        return this;
    }

    /** {@code page} and {@code size}, unless null. */
    Query page(org.aegisml.api.PageRequest page) {
        return page == null ? this : add("page", page.page()).add("size", page.size());
    }

    /** {@code path} followed by the query string. */
    String on(String path) {
        return path + sb;
    }
}
