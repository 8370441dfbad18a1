package org.aegisml.api;

/** The caller is known but its role does not allow the action. */
public class ForbiddenException extends AegisException {
    private static final long serialVersionUID = 1L;

    public ForbiddenException(String field, String message) {
        super(field, message);
    }

    public ForbiddenException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    public ForbiddenException(String message) {
        super(null, message);
    }
}
