package org.aegisml.backends.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.aegisml.api.deployment.BackendException;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP client both backend types share, so that every call to one server reuses one
 * pool of kept-alive connections. Jetty's HttpClient rather than the JDK's: on this project's
 * machines it did the same loopback POST for about a tenth of the CPU and a fifth of the p50
 * (BENCHMARKS.md, "Gateway overhead"), and the gateway's throughput is bounded by CPU.
 * <p>
 * Every call is asynchronous: the future completes on a client thread when the whole answer
 * has arrived, or exceptionally with a {@link BackendException} when the deadline passed
 * (Jetty's total timeout covers queueing, connecting and the answer) or the server could not
 * be reached.
 */
@Component(service = HttpTransport.class, configurationPid = "org.aegisml.backends")
public final class HttpTransport {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

    /** Configuration PID {@code org.aegisml.backends}. */
    public @interface Config {
        /** Most connections kept to one server (scheme, host, port); more calls queue. */
        int maxConnectionsPerServer() default 512;

        /** Most calls waiting for a connection to one server before new ones fail at once. */
        int maxQueuedPerServer() default 4096;

        /**
         * Seconds an unused pooled connection is kept. Below the keep-alive of common model
         * servers is not needed (a connection the server closes is noticed and dropped), but
         * a short value narrows the window where a call races the server closing it.
         */
        int idleTimeoutSeconds() default 15;

        /** Upper bound of connecting, whatever a backend's timeout says. */
        int connectTimeoutMillis() default 10_000;

        /** Largest answer accepted; a larger one fails the call (it is not cut). */
        int maxResponseBytes() default 16 * 1024 * 1024;

        /** Threads that run completions (parsing and the gateway's answer); nothing blocks on them. */
        int threads() default 32;
    }

    /** What a server answered. */
    public record Answer(int status, byte[] body, String contentType) {
    }

    private final HttpClient client;
    private final int maxResponseBytes;

    @Activate
    public HttpTransport(Config config) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(Math.max(4, config.threads()), 2);
        pool.setName("aegisml-backends");
        pool.setDaemon(true);
        // One selector: on the small machines this runs on a second one only adds wake-ups.
        client = new HttpClient(new HttpClientTransportOverHTTP(1));
        client.setExecutor(pool);
        client.setMaxConnectionsPerDestination(Math.max(1, config.maxConnectionsPerServer()));
        client.setMaxRequestsQueuedPerDestination(Math.max(1, config.maxQueuedPerServer()));
        client.setIdleTimeout(Math.max(1, config.idleTimeoutSeconds()) * 1000L);
        client.setConnectTimeout(Math.max(1, config.connectTimeoutMillis()));
        client.setFollowRedirects(false);
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "AegisML-gateway"));
        client.start();
        this.maxResponseBytes = Math.max(1024, config.maxResponseBytes());
    }

    @Deactivate
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            LOG.warn("Could not stop the backend HTTP client cleanly", e);
        }
    }

    /**
     * POSTs {@code body} as JSON to {@code url} with {@code headers} (which may not replace
     * Content-Type or Host), answering by {@code deadline}.
     */
    public CompletableFuture<Answer> post(String url, Map<String, String> headers, byte[] body, Instant deadline) {
        CompletableFuture<Answer> f = new CompletableFuture<>();
        long millis = Duration.between(Instant.now(), deadline).toMillis();
        if (millis <= 0) {
            f.completeExceptionally(new BackendException("the deadline passed before the call to " + url, false, true, null));
            return f;
        }
        Request r;
        try {
            r = client.newRequest(url).method(HttpMethod.POST).timeout(millis, TimeUnit.MILLISECONDS);
        } catch (IllegalArgumentException e) {
            f.completeExceptionally(new BackendException("bad backend URL " + url + ": " + e.getMessage(), true, false, e));
            return f;
        }
        r.headers(h -> {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                String name = e.getKey();
                if (name.equalsIgnoreCase("content-type") || name.equalsIgnoreCase("host")
                        || name.equalsIgnoreCase("content-length")) {
                    continue;
                }
                h.put(name, e.getValue());
            }
        });
        r.body(new BytesRequestContent("application/json", body));
        r.send(new BufferingResponseListener(maxResponseBytes) {
            @Override
            public void onComplete(Result result) {
                if (result.isFailed()) {
                    f.completeExceptionally(Failures.of(url, result.getFailure()));
                } else {
                    f.complete(new Answer(result.getResponse().getStatus(), getContent(),
                            result.getResponse().getHeaders().get(HttpHeader.CONTENT_TYPE)));
                }
            }
        });
        return f;
    }

    /** Whether {@code url} answers a GET at all within {@code timeout}: any status counts; never fails. */
    public CompletableFuture<Boolean> probe(String url, Duration timeout) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        try {
            Request r = client.newRequest(url).method(HttpMethod.GET).timeout(Math.max(1, timeout.toMillis()),
                    TimeUnit.MILLISECONDS);
            // A status line is enough (even a 404): the server is up. The body is discarded.
            r.onResponseBegin(response -> f.complete(true));
            r.send(result -> f.complete(false));
        } catch (RuntimeException e) {
            f.complete(false);
        }
        return f;
    }
}
