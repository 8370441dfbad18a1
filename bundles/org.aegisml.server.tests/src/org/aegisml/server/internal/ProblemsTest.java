package org.aegisml.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.aegisml.api.ConflictException;
import org.aegisml.api.ForbiddenException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.TooLargeException;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;
import org.aegisml.server.internal.http.HttpError;
import org.aegisml.server.internal.http.Problems;
import org.aegisml.server.internal.http.Reply;
import org.junit.jupiter.api.Test;

/** Each failure maps to one status; a database outage is a 503 with Retry-After, never a silent 500. */
class ProblemsTest {

    private static Map<?, ?> body(Reply r) {
        return (Map<?, ?>) r.json();
    }

    @Test
    void everyFailureHasItsStatusAndField() {
        assertEquals(400, Problems.from(new ValidationException("name", "bad"), "/x").status());
        assertEquals("name", body(Problems.from(new ValidationException("name", "bad"), "/x")).get("field"));
        assertEquals(404, Problems.from(new NotFoundException("version", "none"), "/x").status());
        assertEquals(409, Problems.from(new ConflictException("name", "dup"), "/x").status());
        assertEquals(403, Problems.from(new ForbiddenException(null, "no"), "/x").status());
        assertEquals(413, Problems.from(new TooLargeException("artifact", 10), "/x").status());
        assertEquals(415, Problems.from(new HttpError(415, null, "json please"), "/x").status());
    }

    @Test
    void anOutageIsA503WithRetryAfter() {
        Reply r = Problems.from(new UnavailableException(null, "the database cannot be reached"), "/api/v1/models");
        assertEquals(503, r.status());
        assertEquals("5", r.headers().get("Retry-After"));
        assertEquals("Service Unavailable", body(r).get("title"));
        assertEquals("/api/v1/models", body(r).get("instance"));
    }

    @Test
    void unexpectedFailuresRevealNothingInternal() {
        Reply r = Problems.from(new IllegalStateException("password=hunter2 at jdbc:..."), "/x");
        assertEquals(500, r.status());
        assertFalse(body(r).get("detail").toString().contains("hunter2"));
    }

    @Test
    void unauthorizedNamesTheScheme() {
        Reply r = Problems.from(new HttpError(401, null, "no key"), "/x");
        assertEquals("Bearer realm=\"aegisml\"", r.headers().get("WWW-Authenticate"));
    }
}
