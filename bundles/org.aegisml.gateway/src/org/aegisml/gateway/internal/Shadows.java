package org.aegisml.gateway.internal;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.aegisml.api.AegisException;
import org.aegisml.api.deployment.InferenceRequest.Kind;
import org.aegisml.api.deployment.InferenceResponse;
import org.aegisml.api.deployment.ShadowComparison;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.gateway.internal.Endpoint.Side;
import org.aegisml.gateway.internal.Events.Call;

/**
 * Shadow traffic: copies of requests sent to the candidate whose answers only get compared.
 * Everything here happens off the client's path. The request thread hands the copy to a small
 * executor with a bounded queue and goes on; the executor prepares the shadow's request
 * (rendering its prompt), calls it, and once both sides have answered compares them. A copy
 * is dropped and counted when that queue is full or {@code maxInFlight} shadow calls are
 * already waiting (a hanging shadow fills those slots up to its timeout, then new copies are
 * dropped instead of piling up), or when the shadow's circuit is open. A shadow that fails
 * or hangs is recorded as such and never touches the client's answer.
 */
final class Shadows implements AutoCloseable {
    /** The stable side's outcome as the comparison needs it. */
    record Stable(InferenceResponse response, long latencyNanos) {
    }

    private final Calls calls;
    private final Prompts prompts;
    private final Batcher<Call> events;
    private final Batcher<ShadowComparison> comparisons;
    private final ThreadPoolExecutor executor;
    private final Semaphore inFlight;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder sent = new LongAdder();

    Shadows(Calls calls, Prompts prompts, Batcher<Call> events, Batcher<ShadowComparison> comparisons, int threads,
            int queue, int maxInFlight) {
        this.calls = calls;
        this.prompts = prompts;
        this.events = events;
        this.comparisons = comparisons;
        this.inFlight = new Semaphore(Math.max(1, maxInFlight));
        int n = Math.max(1, threads);
        this.executor = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(Math.max(1, queue)),
                Thread.ofPlatform().daemon().name("aegisml-gateway-shadow-", 0).factory(), (r, e) -> dropped.increment());
        executor.allowCoreThreadTimeOut(true);
    }

    /** Copies dropped so far (queue full, too many in flight, circuit open, or a comparison that could not be queued). */
    long dropped() {
        return dropped.sum();
    }

    /** Copies sent to a shadow so far. */
    long sent() {
        return sent.sum();
    }

    /**
     * Queues a copy of a request the stable side is answering; never blocks, never throws.
     * {@code stable} completes with the stable side's outcome (null response when it failed).
     */
    void copy(Endpoint ep, String requestId, Kind kind, byte[] body, Map<String, String> headers,
            CompletableFuture<Stable> stable) {
        try {
            executor.execute(() -> send(ep, requestId, kind, body, headers, stable));
        } catch (RejectedExecutionException e) {
            dropped.increment();
        }
    }

    private void send(Endpoint ep, String requestId, Kind kind, byte[] body, Map<String, String> headers,
            CompletableFuture<Stable> stable) {
        Side shadow = ep.candidate();
        if (shadow == null) return;
        if (!inFlight.tryAcquire()) {
            dropped.increment();
            return;
        }
        long start = System.nanoTime();
        long at = System.currentTimeMillis();
        Prompts.Prepared p;
        try {
            p = prompts.prepare(shadow, kind, body);
        } catch (RuntimeException e) {
            // The candidate cannot take this request (e.g. its prompt needs other variables):
            // that is a shadow failure to report, not the client's problem.
            inFlight.release();
            record(ep, requestId, stable, null, e, 0);
            return;
        }
        CompletableFuture<InferenceResponse> f = calls.call(shadow, p.kind(), p.body(), headers, start);
        sent.increment();
        f.whenComplete((r, e) -> {
            inFlight.release();
            long latency = System.nanoTime() - start;
            Throwable cause = GatewayService.unwrap(e);
            boolean refused = cause instanceof AegisException && !(cause instanceof Calls.Unanswered);
            if (!refused) {
                boolean called = !(cause instanceof Calls.Unanswered u) || u.called;
                // Its own event id: the client's request id already names the stable side's event.
                events.offer(new Call(ep, shadow, Arm.SHADOW, eventId(requestId), at, called ? latency / 1e6 : null,
                        r == null || !r.ok(), r == null ? null : r.inputTokens(), r == null ? null : r.outputTokens(),
                        r == null ? null : r.outputText(), kind, p.body(), r == null ? null : r.body(), p));
            }
            record(ep, requestId, stable, r, cause, latency);
        });
    }

    /** Compares once the stable side is done too, on the shadow executor; a full queue drops the comparison. */
    private void record(Endpoint ep, String requestId, CompletableFuture<Stable> stable, InferenceResponse shadow,
            Throwable failure, long shadowNanos) {
        if (ep.rollout() == null) return;
        stable.thenAcceptAsync(s -> {
            if (s.response() == null) return; // nothing to compare the shadow with
            boolean ok = shadow != null && shadow.ok();
            String error = failure != null ? failure.getMessage()
                    : shadow != null && !shadow.ok() ? "status " + shadow.status() : null;
            Similarity.Outcome o = shadow == null ? new Similarity.Outcome(false, null) : Similarity.compare(s.response(), shadow);
            comparisons.offer(new ShadowComparison(ep.rollout(), requestId, Instant.now(), ok, truncate(error),
                    s.latencyNanos() / 1e6, shadow == null ? null : shadowNanos / 1e6, o.equal(), o.similarity()));
        }, executor).exceptionally(e -> {
            dropped.increment();
            return null;
        });
    }

    /** The event id of a request's shadow copy. */
    static String eventId(String requestId) {
        return requestId + ":shadow";
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
