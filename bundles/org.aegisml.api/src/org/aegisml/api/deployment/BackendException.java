package org.aegisml.api.deployment;

/**
 * A backend call that produced no answer. {@code connect}: the server could not be reached (the
 * call never got there, so it may be retried); otherwise it timed out or broke midway.
 */
public class BackendException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean connect;
    private final boolean timeout;

    public BackendException(String message, boolean connect, boolean timeout, Throwable cause) {
        super(message, cause);
        this.connect = connect;
        this.timeout = timeout;
    }

    public boolean connect() {
        return connect;
    }

    public boolean timeout() {
        return timeout;
    }
}
