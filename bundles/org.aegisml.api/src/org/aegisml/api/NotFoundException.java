package org.aegisml.api;

/** The named resource does not exist. */
public class NotFoundException extends AegisException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String field, String message) {
        super(field, message);
    }

    public NotFoundException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    public NotFoundException(String message) {
        super(null, message);
    }
}
