package org.aegisml.server.internal.http;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers: a status, headers, and either a JSON value (serialized by the
 * server), raw bytes, or a stream copied to the client (then closed).
 */
public record Reply(int status, Map<String, String> headers, Object json, byte[] bytes, InputStream stream,
        String contentType) {

    public static Reply json(int status, Object body) {
        return new Reply(status, new LinkedHashMap<>(), body, null, null, "application/json");
    }

    public static Reply ok(Object body) {
        return json(200, body);
    }

    public static Reply created(String location, Object body) {
        Reply r = json(201, body);
        r.headers().put("Location", location);
        return r;
    }

    public static Reply bytes(int status, String contentType, byte[] body) {
        return new Reply(status, new LinkedHashMap<>(), null, body, null, contentType);
    }

    public static Reply stream(String contentType, InputStream in) {
        return new Reply(200, new LinkedHashMap<>(), null, null, in, contentType);
    }

    public Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
