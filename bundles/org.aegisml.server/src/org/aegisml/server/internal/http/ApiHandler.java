package org.aegisml.server.internal.http;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.aegisml.api.security.Actor;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Jetty handler of the API: routes, authenticates, runs the handler on the request
 * thread (or, for an asynchronous route, writes its answer when it completes), maps any
 * failure to problem+json, and records metrics per route template.
 */
public final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final Router router;
    private final Function<String, Optional<Actor>> authenticator;
    private final Metrics metrics;
    private final long maxJsonBytes;

    public ApiHandler(Router router, Function<String, Optional<Actor>> authenticator, Metrics metrics, long maxJsonBytes) {
        super(InvocationType.BLOCKING);
        this.router = router;
        this.authenticator = authenticator;
        this.metrics = metrics;
        this.maxJsonBytes = maxJsonBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        Set<String> allowed = Router.newAllowed();
        Router.Match match = router.find(method, path, allowed);
        String routeLabel = match == null ? "unmatched" : match.route().template();
        Reply reply;
        try {
            if (match == null) {
                if (!allowed.isEmpty()) {
                    reply = Problems.from(new HttpError(405, null, method + " is not supported here; use "
                            + String.join(", ", allowed)), path).header("Allow", String.join(", ", allowed));
                } else {
                    reply = Problems.from(new HttpError(404, null, "no such endpoint: " + path), path);
                }
            } else {
                Actor actor = null;
                if (match.route().role() != null) {
                    actor = authenticate(request);
                    actor.require(match.route().role());
                }
                ApiRequest api = new ApiRequest(request, match.params(), actor, maxJsonBytes);
                if (match.route().async() != null) {
                    // The handler has read the body; the answer is written from whichever thread
                    // completes the future, and this thread goes back to the pool now.
                    match.route().async().handle(api).whenComplete((r, e) -> {
                        Reply out = e == null ? r : failure(e, method, path);
                        write(request, response, callback, out, path);
                        metrics.record(method, routeLabel, out.status(), System.nanoTime() - start);
                    });
                    return true;
                }
                reply = match.route().handler().handle(api);
            }
        } catch (Throwable e) {
            reply = failure(e, method, path);
        }
        drain(request);
        write(request, response, callback, reply, path);
        metrics.record(method, routeLabel, reply.status(), System.nanoTime() - start);
        return true;
    }

    /** When a 503 was last logged, and how many were not logged since: a dead backend must not flood the log. */
    private final java.util.concurrent.atomic.AtomicLong last503 = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() - UNAVAILABLE_LOG_NANOS);
    private final java.util.concurrent.atomic.LongAdder unlogged503 = new java.util.concurrent.atomic.LongAdder();
    static final long UNAVAILABLE_LOG_NANOS = 10_000_000_000L;

    /** The problem reply for a failure, logged when it is the server's fault (503s at most once per 10 s). */
    private Reply failure(Throwable e, String method, String path) {
        if (e instanceof BadMessageException b) {
            return Problems.from(new HttpError(b.getCode(), null, b.getReason() == null ? "bad request" : b.getReason()), path);
        }
        Throwable cause = unwrap(e);
        Reply reply = Problems.from(cause, path);
        if (reply.status() >= 500 && reply.status() != 503) {
            LOG.error("{} {} failed", method, path, cause);
        } else if (reply.status() == 503) {
            long now = System.nanoTime(), then = last503.get();
            if (now - then >= UNAVAILABLE_LOG_NANOS && last503.compareAndSet(then, now)) {
                long more = unlogged503.sumThenReset();
                LOG.warn("{} {}: {}{}", method, path, cause.getMessage(),
                        more > 0 ? " (and " + more + " more 503 answers in the last 10 s)" : "");
            } else {
                unlogged503.increment();
            }
        }
        return reply;
    }

    private Actor authenticate(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw new HttpError(401, null, "send an API key as 'Authorization: Bearer <key>'");
        }
        return authenticator.apply(header.substring(7).strip())
                .orElseThrow(() -> new HttpError(401, null, "the API key is unknown or revoked"));
    }

    /** How much of a refused request body is read and dropped so that its client sees the answer. */
    static final long DISCARD_MAX = 32L * 1024 * 1024;

    /**
     * Reads what is left of the request body (up to {@link #DISCARD_MAX}) before answering:
     * most clients read the answer only once they have sent everything, so one still sending
     * would otherwise see its connection reset instead of, say, the 413; and the connection
     * can be reused.
     */
    private static void drain(Request request) {
        long declared = request.getLength();
        if (declared == 0 || declared > DISCARD_MAX) return;
        try (java.io.InputStream in = Content.Source.asInputStream(request)) {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while (total < DISCARD_MAX && (n = in.read(buf)) > 0) total += n;
        } catch (java.io.IOException | RuntimeException e) {
            // The body may already be consumed or failed; the answer goes out regardless.
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.lang.reflect.InvocationTargetException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof java.io.UncheckedIOException u && u.getCause() != null) return u;
        return t;
    }

    private static void write(Request request, Response response, Callback callback, Reply reply, String path) {
        response.setStatus(reply.status());
        reply.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        try {
            if (reply.stream() != null) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
                try (InputStream in = reply.stream(); OutputStream out = Content.Sink.asOutputStream(response)) {
                    in.transferTo(out);
                }
                callback.succeeded();
                return;
            }
            byte[] body;
            String type = reply.contentType();
            if (reply.bytes() != null) {
                body = reply.bytes();
            } else if (reply.json() != null) {
                body = Json.MAPPER.writeValueAsBytes(reply.json());
                if (reply.status() >= 400) type = Problems.CONTENT_TYPE;
            } else {
                body = new byte[0];
            }
            if (body.length > 0 || reply.status() != 204) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            }
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        } catch (Throwable e) {
            LOG.warn("Could not write the response to {} {}", request.getMethod(), path, e);
            callback.failed(e);
        }
    }
}
