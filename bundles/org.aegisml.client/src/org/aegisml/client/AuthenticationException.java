package org.aegisml.client;

import org.aegisml.api.AegisException;

/** The server refused the API key (HTTP 401): unknown, revoked, or none was sent. */
public final class AuthenticationException extends AegisException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
        super(null, message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(null, message, cause);
    }
}
