package org.aegisml.provider.gcp.internal;

import java.util.Locale;

import org.aegisml.api.cost.CostTags;

/**
 * GCP label keys and values allow only lowercase letters, digits, {@code _} and {@code -}, at
 * most 63 characters. Keys are {@link CostTags#label}: {@code aegisml-project},
 * {@code aegisml-model}, {@code aegisml-version}, {@code aegisml-endpoint}. A value is the name
 * lowercased, with every other character (a registry name may hold {@code .} and capitals)
 * replaced by {@code _}, and cut to 63 characters; the version is its number. Names that are
 * already lowercase {@code [a-z0-9_-]} and short come back unchanged in cost lines; others come
 * back in their label form.
 */
final class Labels {
    static final String PROJECT = CostTags.label(CostTags.PROJECT);
    static final String MODEL = CostTags.label(CostTags.MODEL);
    static final String VERSION = CostTags.label(CostTags.VERSION);
    static final String ENDPOINT = CostTags.label(CostTags.ENDPOINT);
    static final int MAX = 63;

    private Labels() {
    }

    static String value(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX));
        for (char ch : s.toLowerCase(Locale.ROOT).toCharArray()) {
            if (b.length() == MAX) break;
            b.append((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' ? ch : '_');
        }
        return b.toString();
    }
}
