package org.aegisml.client.internal;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.aegisml.api.ConflictException;
import org.aegisml.api.ForbiddenException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.TooLargeException;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.registry.PromotionDeniedException;
import org.aegisml.client.AuthenticationException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns an RFC 9457 problem answer ({@code status}, {@code detail}, {@code field}) back into the
 * exception the server's service threw, so that a caller catches the same types in remote mode
 * as in process: the inverse of the server's {@code Problems}.
 */
final class Problems {
    private static final Pattern DENIED = Pattern.compile("promotion denied by (.+?): (.*)", Pattern.DOTALL);
    private static final Pattern LIMIT = Pattern.compile("(?:limit of|at most) (\\d{1,18})");

    private Problems() {
    }

    static RuntimeException exception(int status, byte[] body, String request) {
        String detail = null;
        String field = null;
        try {
            JsonNode p = body == null || body.length == 0 ? null : Wire.MAPPER.readTree(body);
            if (p != null && p.isObject()) {
                detail = Wire.text(p, "detail");
                field = Wire.text(p, "field");
            }
        } catch (IOException e) {
            // Not a problem document (a proxy's error page): the status alone must do.
        }
        if (detail == null) detail = request + " was answered with HTTP " + status;
        return switch (status) {
            case 400 -> new ValidationException(field, detail);
            case 401 -> new AuthenticationException(detail);
            case 403 -> new ForbiddenException(field, detail);
            case 404 -> new NotFoundException(field, detail);
            case 409 -> conflict(field, detail);
            case 413 -> new TooLargeException(field, limit(detail), detail);
            case 503 -> new UnavailableException(field, detail);
            default -> new UnavailableException(field, "the server answered HTTP " + status + " to " + request + ": " + detail);
        };
    }

    /** A gate's refusal of a stage change keeps its own type, and the gate's name, as in process. */
    private static ConflictException conflict(String field, String detail) {
        Matcher m = DENIED.matcher(detail);
        if ("stage".equals(field) && m.matches()) return new PromotionDeniedException(m.group(1), m.group(2));
        return new ConflictException(field, detail);
    }

    /** The limit as the server's message states it; -1 when it does not (the wire has no field for it). */
    private static long limit(String detail) {
        Matcher m = LIMIT.matcher(detail);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
