package org.aegisml.backends.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;

import org.aegisml.api.deployment.BackendException;

/**
 * Classifies why a call got no answer. {@code connect} only when the request certainly never
 * reached the server (refused, unknown host, no route, connect timeout), because the gateway
 * retries exactly those: a request that may have been received must never be sent twice.
 */
final class Failures {
    private Failures() {
    }

    static BackendException of(String url, Throwable failure) {
        if (failure instanceof BackendException b) return b;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException) {
                return new BackendException("cannot connect to " + url + ": " + describe(t), true, false, failure);
            }
            if (t instanceof SocketTimeoutException s && s.getMessage() != null
                    && s.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect")) {
                return new BackendException("connecting to " + url + " timed out", true, true, failure);
            }
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                return new BackendException("no answer from " + url + " in time: " + describe(t), false, true, failure);
            }
        }
        return new BackendException("the call to " + url + " failed: " + describe(failure), false, false, failure);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
