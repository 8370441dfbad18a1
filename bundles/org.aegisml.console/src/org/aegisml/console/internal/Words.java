package org.aegisml.console.internal;

import org.aegisml.api.AegisException;
import org.aegisml.api.ConflictException;
import org.aegisml.api.ForbiddenException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;

/**
 * Failures in an operator's words. Kept apart from the window so that it is tested without a
 * screen. The REST client's "key refused" failure is recognised by name: the shell must also
 * run in local mode, where the client bundle need not be present.
 */
final class Words {
    private Words() {
    }

    /** What went wrong, for the status line. */
    static String describe(Throwable t) {
        Throwable e = unwrap(t);
        String msg = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        if (kind(e) == Kind.UNREACHABLE) return "The server is unreachable: " + msg + ". The console keeps retrying.";
        if (kind(e) == Kind.KEY_REFUSED) return "The server refused the API key: " + msg;
        if (e instanceof ForbiddenException) return "Not allowed: " + msg;
        if (e instanceof NotFoundException) return "Not found: " + msg;
        if (e instanceof ConflictException) return "Conflict: " + msg;
        if (e instanceof ValidationException v) return "Refused" + (v.field() == null ? "" : " (" + v.field() + ")") + ": " + msg;
        if (e instanceof AegisException) return msg;
        return "Unexpected failure: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    enum Kind { UNREACHABLE, KEY_REFUSED, OTHER }

    /** Which failures say something about the connection rather than about one request. */
    static Kind kind(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof UnavailableException || e instanceof java.net.ConnectException
                || e instanceof java.net.http.HttpTimeoutException) return Kind.UNREACHABLE;
        if (e.getClass().getSimpleName().equals("AuthenticationException")) return Kind.KEY_REFUSED;
        return Kind.OTHER;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof java.util.concurrent.ExecutionException || e instanceof java.util.concurrent.CompletionException
                || e instanceof java.lang.reflect.UndeclaredThrowableException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
