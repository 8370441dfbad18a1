package org.aegisml.provider.kubernetes.internal;

import org.aegisml.api.AegisException;
import org.aegisml.api.ConflictException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.kubernetes.client.openapi.ApiException;

/**
 * Turns the Kubernetes client's failures into AegisML's. The message is the API server's own
 * Status message (it names the object and the rule broken); request headers, and with them the
 * bearer token, never appear.
 */
final class Failures {
    private Failures() {
    }

    /** {@code what} says what was attempted, e.g. "create Deployment churn-v3 in namespace ml". */
    static AegisException of(ApiException e, String what) {
        int code = e.getCode();
        if (code == 0) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            return new UnavailableException(null, "cannot " + what + ": the Kubernetes API server cannot be reached ("
                    + c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage()) + ")", e);
        }
        String reason = reason(e);
        String msg = "cannot " + what + ": HTTP " + code + (reason.isEmpty() ? "" : " " + reason);
        return switch (code) {
            case 401, 403 -> new UnavailableException(null, msg + " (the cluster refused the credentials)", e);
            case 404 -> new NotFoundException(null, msg, e);
            case 409 -> new ConflictException(null, msg, e);
            case 400, 422 -> new ValidationException("backend", msg, e);
            default -> new UnavailableException(null, msg, e);
        };
    }

    /** The client could not read an answer (its models reject fields they do not know). */
    static AegisException unreadable(RuntimeException e, String what) {
        return new UnavailableException(null, "cannot " + what + ": unexpected answer from the Kubernetes API server ("
                + e.getClass().getSimpleName() + ")", e);
    }

    private static String reason(ApiException e) {
        String body = e.getResponseBody();
        if (body == null || body.isBlank()) return "";
        try {
            JsonElement j = JsonParser.parseString(body);
            if (j.isJsonObject()) {
                JsonObject o = j.getAsJsonObject();
                if (o.has("message") && o.get("message").isJsonPrimitive()) return o.get("message").getAsString();
            }
        } catch (RuntimeException ignored) {
            // not a Status object: say nothing rather than echo an arbitrary body
        }
        return "";
    }
}
