package org.aegisml.api;

/** The request clashes with the current state: a duplicate name, a forbidden transition. */
public class ConflictException extends AegisException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String field, String message) {
        super(field, message);
    }

    public ConflictException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    public ConflictException(String message) {
        super(null, message);
    }
}
