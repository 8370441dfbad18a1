package org.aegisml.api;

/** A dependency (the database, a backend) cannot be reached right now; retrying later may succeed. */
public class UnavailableException extends AegisException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String field, String message) {
        super(field, message);
    }

    public UnavailableException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    public UnavailableException(String message) {
        super(null, message);
    }
}
