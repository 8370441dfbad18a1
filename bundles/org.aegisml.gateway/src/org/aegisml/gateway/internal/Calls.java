package org.aegisml.gateway.internal;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.aegisml.api.AegisException;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.BackendException;
import org.aegisml.api.deployment.InferenceBackend;
import org.aegisml.api.deployment.InferenceRequest;
import org.aegisml.api.deployment.InferenceResponse;
import org.aegisml.gateway.internal.Endpoint.Side;

/**
 * One call to a side's backend with the gateway's protections:
 * <ul>
 * <li>a deadline of {@code backend.timeout} from the start, for all tries together; the
 * backend honours it, and the gateway also cuts the call a little after it in case a
 * backend does not (a hanging backend is never waited on past its timeout);</li>
 * <li>retries of connect failures only (the request never reached the server), at most
 * {@code backend.retries}, after a short pause, while the deadline allows;</li>
 * <li>a {@link CircuitBreaker} per backend URL: an open circuit fails the call at once.</li>
 * </ul>
 * Completes with the backend's answer (whatever its status), or exceptionally with an
 * {@link UnavailableException} (no answer: {@link Unanswered} says why) or the backend's
 * {@link AegisException} for a request it refused before sending (a bad body).
 */
final class Calls {
    /** How long after the deadline the gateway's own cut-off fires, should the backend not honour it. */
    static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** First pause before retrying a refused connection; doubles each try. */
    static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    /** Why a call got no answer: {@code called} false when no request was sent (circuit open, no backend). */
    static final class Unanswered extends UnavailableException {
        private static final long serialVersionUID = 1L;
        final boolean called;
        final boolean timeout;

        Unanswered(String message, boolean called, boolean timeout, Throwable cause) {
            super(null, message, cause);
            this.called = called;
            this.timeout = timeout;
        }
    }

    private final Function<String, InferenceBackend> backends;
    private final ScheduledExecutorService timer;
    private final CircuitBreaker.Policy policy;
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    Calls(Function<String, InferenceBackend> backends, ScheduledExecutorService timer, CircuitBreaker.Policy policy) {
        this.backends = backends;
        this.timer = timer;
        this.policy = policy;
    }

    CircuitBreaker breaker(String url) {
        CircuitBreaker b = breakers.get(url);
        return b != null ? b : breakers.computeIfAbsent(url, u -> new CircuitBreaker(policy));
    }

    Map<String, CircuitBreaker> breakers() {
        return breakers;
    }

    /** Calls {@code side}'s backend with {@code kind}, {@code body} and {@code headers}; the clock started at {@code start}. */
    CompletableFuture<InferenceResponse> call(Side side, InferenceRequest.Kind kind, byte[] body, Map<String, String> headers,
            long start) {
        Backend b = side.backend();
        CompletableFuture<InferenceResponse> result = new CompletableFuture<>();
        InferenceBackend impl = b == null ? null : backends.apply(b.type());
        if (impl == null) {
            result.completeExceptionally(new Unanswered(b == null ? side.version() + " has no backend"
                    : "no backend of type '" + b.type() + "' is installed to call " + side.version(), false, false, null));
            return result;
        }
        long deadlineNanos = start + b.timeout().toNanos();
        Instant deadline = Instant.now().plusNanos(deadlineNanos - System.nanoTime());
        InferenceRequest request = new InferenceRequest(kind, body, headers, deadline);
        CircuitBreaker breaker = breaker(b.url());
        ScheduledFuture<?> cut = timer.schedule(() -> {
            // Only a backend that ignores its deadline gets here; its call still holds the
            // breaker's trial (if any), so the cut-off counts as the failure it is.
            if (result.completeExceptionally(new Unanswered(side.version() + " did not answer within "
                    + b.timeout().toMillis() + " ms (cut off by the gateway)", true, true, null))) {
                breaker.failure(System.nanoTime());
            }
        }, deadlineNanos + GRACE_NANOS - System.nanoTime(), TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> cut.cancel(false));
        attempt(side, impl, breaker, request, deadlineNanos, 0, result);
        return result;
    }

    private void attempt(Side side, InferenceBackend impl, CircuitBreaker breaker, InferenceRequest request,
            long deadlineNanos, int retry, CompletableFuture<InferenceResponse> result) {
        if (result.isDone()) return;
        if (!breaker.tryAcquire(System.nanoTime())) {
            long wait = breaker.retryAfterNanos(System.nanoTime());
            result.completeExceptionally(new Unanswered("the circuit to " + side.backend().url() + " is open after repeated failures; "
                    + side.version() + " is not called for another " + Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait)) + " s",
                    false, false, null));
            return;
        }
        CompletableFuture<InferenceResponse> f;
        try {
            f = impl.call(side.backend(), request);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((r, e) -> {
            long now = System.nanoTime();
            if (e == null) {
                if (r.ok()) breaker.success(now);
                else breaker.failure(now);
                result.complete(r);
                return;
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof AegisException refused) {
                // The backend refused the request before sending it: nothing is known about the server.
                breaker.release(now);
                result.completeExceptionally(refused);
                return;
            }
            breaker.failure(now);
            BackendException be = cause instanceof BackendException x ? x : null;
            boolean connect = be != null && be.connect();
            if (connect && retry < side.backend().retries() && !result.isDone()) {
                long pause = RETRY_PAUSE_NANOS << Math.min(retry, 6);
                if (now + pause < deadlineNanos) {
                    timer.schedule(() -> attempt(side, impl, breaker, request, deadlineNanos, retry + 1, result), pause,
                            TimeUnit.NANOSECONDS);
                    return;
                }
            }
            boolean timeout = be != null && be.timeout();
            String why = be != null ? be.getMessage() : String.valueOf(cause);
            result.completeExceptionally(new Unanswered(side.version() + " did not answer"
                    + (retry > 0 ? " (after " + (retry + 1) + " tries)" : "") + ": " + why, !connect, timeout, cause));
        });
    }
}
