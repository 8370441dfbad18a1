package org.aegisml.api;

/** The input is larger than the configured limit; nothing of it was kept. */
public class TooLargeException extends AegisException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    public TooLargeException(String field, long limit) {
        super(field, field + " is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public TooLargeException(String field, long limit, String message) {
        super(field, message);
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
