package org.aegisml.server.internal.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.aegisml.api.AegisException;
import org.aegisml.api.ConflictException;
import org.aegisml.api.ForbiddenException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.TooLargeException;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** Maps every failure to an RFC 9457 problem document ({@code application/problem+json}). */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {
    }

    /** A problem body; {@code null} values are left out. */
    public static Map<String, Object> body(int status, String detail, String field, String instance) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "about:blank");
        m.put("title", title(status));
        m.put("status", status);
        m.put("detail", detail);
        if (field != null) m.put("field", field);
        if (instance != null) m.put("instance", instance);
        return m;
    }

    /** Status and body for an exception; unknown exceptions become a 500 that reveals nothing internal. */
    public static Reply from(Throwable e, String instance) {
        int status;
        String field = null;
        String detail = e.getMessage();
        switch (e) {
            case HttpError h -> {
                status = h.status();
                field = h.field();
            }
            case ValidationException v -> {
                status = 400;
                field = v.field();
            }
            case NotFoundException n -> {
                status = 404;
                field = n.field();
            }
            case ConflictException c -> {
                status = 409;
                field = c.field();
            }
            case ForbiddenException f -> status = 403;
            case TooLargeException t -> {
                status = 413;
                field = t.field();
            }
            case UnavailableException u -> status = 503;
            case AegisException a -> {
                status = 400;
                field = a.field();
            }
            case JsonProcessingException j -> {
                status = 400;
                field = fieldOf(j);
                detail = jsonDetail(j, field);
            }
            default -> {
                status = 500;
                detail = "internal error; the server log has the details";
            }
        }
        Reply r = Reply.json(status, body(status, detail, field, instance));
        if (status == 503) r.header("Retry-After", "5");
        if (status == 401) r.header("WWW-Authenticate", "Bearer realm=\"aegisml\"");
        return r;
    }

    private static String fieldOf(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return m.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        return null;
    }

    private static String jsonDetail(JsonProcessingException e, String field) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        if (e instanceof InvalidFormatException f) {
            return "field '" + field + "' has an invalid value " + f.getValue()
                    + (f.getTargetType() != null && f.getTargetType().isEnum()
                            ? "; expected one of " + java.util.Arrays.stream(f.getTargetType().getEnumConstants())
                                    .map(c -> ((Enum<?>) c).name().toLowerCase(java.util.Locale.ROOT)).toList()
                            : "");
        }
        if (e instanceof MismatchedInputException m) {
            String expected = m.getTargetType() == null ? "another type" : typeName(m.getTargetType());
            return field == null ? "the body has the wrong shape: expected " + expected
                    : "field '" + field + "' has the wrong type: expected " + expected;
        }
        return "malformed JSON: " + e.getOriginalMessage();
    }

    private static String typeName(Class<?> c) {
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) return "an integer";
        if (c == double.class || c == Double.class) return "a number";
        if (c == String.class) return "a string";
        if (c == boolean.class || c == Boolean.class) return "true or false";
        if (java.util.Map.class.isAssignableFrom(c) || c.isRecord()) return "an object";
        if (java.util.Collection.class.isAssignableFrom(c)) return "an array";
        return c.getSimpleName();
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
