package org.aegisml.server.internal.http;

/**
 * A protocol-level failure (401, 405, 413, 415...) raised by the HTTP layer itself; service
 * failures arrive as {@link org.aegisml.api.AegisException}s and are mapped in {@link Problems}.
 */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String field;

    public HttpError(int status, String field, String detail) {
        super(detail);
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
