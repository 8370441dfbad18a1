package org.aegisml.api;

/** Input that breaks a rule: wrong type, missing or malformed field. */
public class ValidationException extends AegisException {
    private static final long serialVersionUID = 1L;

    public ValidationException(String field, String message) {
        super(field, message);
    }

    public ValidationException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }

    public ValidationException(String message) {
        super(null, message);
    }
}
