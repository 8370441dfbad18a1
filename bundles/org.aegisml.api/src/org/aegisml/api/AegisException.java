package org.aegisml.api;

/**
 * Base of the failures a service reports to its caller. Each subclass stands for one kind of
 * client-visible problem; {@code field} names the offending input when there is one.
 */
public abstract class AegisException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    protected AegisException(String field, String message) {
        super(message);
        this.field = field;
    }

    protected AegisException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The request field the problem is about, or null. */
    public String field() {
        return field;
    }
}
