package org.aegisml.gateway.internal;

/**
 * One backend server's circuit. Closed: calls pass and their outcomes are counted. It opens
 * after {@code consecutive} failures in a row, or when at least {@code minCalls} calls in the
 * sliding window ({@code windowBuckets} one-second buckets) failed at {@code failureRate} or
 * more. Open: calls are refused at once (the gateway answers 503 without calling) until
 * {@code coolDown} has passed; then one trial call is let through (half-open) while the rest
 * are still refused. The trial's success closes the circuit with a clean slate; its failure
 * opens it for another cool-down.
 * <p>
 * A failure is a call that got no answer or an answer of status 500 or more. Every
 * {@link #tryAcquire} that returned true must be followed by exactly one of
 * {@link #success}, {@link #failure} or {@link #release}. Times are {@link System#nanoTime()}
 * readings passed in, so tests can step the clock.
 */
final class CircuitBreaker {
    enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    /** The thresholds; one set for every breaker of a gateway. */
    record Policy(int consecutive, double failureRate, int minCalls, int windowBuckets, long coolDownNanos) {
        static final Policy DEFAULT = new Policy(5, 0.5, 20, 10, 5_000_000_000L);
    }

    private static final long BUCKET_NANOS = 1_000_000_000L;

    private final Policy policy;
    private final long[] bucketEpoch;
    private final int[] bucketOk;
    private final int[] bucketFailed;
    private volatile State state = State.CLOSED;
    private long openedAt;
    private int consecutiveFailures;
    private long opened;

    CircuitBreaker(Policy policy) {
        this.policy = policy;
        int n = Math.max(1, policy.windowBuckets());
        bucketEpoch = new long[n];
        bucketOk = new int[n];
        bucketFailed = new int[n];
        java.util.Arrays.fill(bucketEpoch, Long.MIN_VALUE);
    }

    State state() {
        return state;
    }

    /** How many times the circuit opened so far. */
    synchronized long timesOpened() {
        return opened;
    }

    /** Nanoseconds until an open circuit lets a trial call through (0 when it would now). */
    synchronized long retryAfterNanos(long now) {
        if (state != State.OPEN) return 0;
        return Math.max(0, policy.coolDownNanos() - (now - openedAt));
    }

    /** Whether a call may go ahead now. */
    boolean tryAcquire(long now) {
        // The common case without a lock: a closed circuit lets everything through.
        if (state == State.CLOSED) return true;
        synchronized (this) {
            switch (state) {
                case CLOSED:
                    return true;
                case OPEN:
                    if (now - openedAt >= policy.coolDownNanos()) {
                        state = State.HALF_OPEN;
                        return true;
                    }
                    return false;
                default:
                    return false;
            }
        }
    }

    synchronized void success(long now) {
        if (state == State.HALF_OPEN) {
            close();
            return;
        }
        consecutiveFailures = 0;
        if (state == State.CLOSED) bucket(now, true);
    }

    synchronized void failure(long now) {
        if (state == State.HALF_OPEN) {
            open(now);
            return;
        }
        if (state != State.CLOSED) return;
        consecutiveFailures++;
        bucket(now, false);
        if (consecutiveFailures >= policy.consecutive() || rateExceeded(now)) open(now);
    }

    /**
     * A call that went ahead but says nothing about the server (the request was refused before
     * it was sent): an unused trial goes back so the next call can try.
     */
    synchronized void release(long now) {
        if (state == State.HALF_OPEN) {
            state = State.OPEN;
            openedAt = now - policy.coolDownNanos();
        }
    }

    private void open(long now) {
        state = State.OPEN;
        openedAt = now;
        opened++;
    }

    private void close() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        java.util.Arrays.fill(bucketEpoch, Long.MIN_VALUE);
        java.util.Arrays.fill(bucketOk, 0);
        java.util.Arrays.fill(bucketFailed, 0);
    }

    private void bucket(long now, boolean ok) {
        long epoch = Math.floorDiv(now, BUCKET_NANOS);
        int i = (int) Math.floorMod(epoch, (long) bucketEpoch.length);
        if (bucketEpoch[i] != epoch) {
            bucketEpoch[i] = epoch;
            bucketOk[i] = 0;
            bucketFailed[i] = 0;
        }
        if (ok) bucketOk[i]++;
        else bucketFailed[i]++;
    }

    private boolean rateExceeded(long now) {
        long epoch = Math.floorDiv(now, BUCKET_NANOS);
        long oldest = epoch - bucketEpoch.length + 1;
        int ok = 0, failed = 0;
        for (int i = 0; i < bucketEpoch.length; i++) {
            if (bucketEpoch[i] >= oldest && bucketEpoch[i] <= epoch) {
                ok += bucketOk[i];
                failed += bucketFailed[i];
            }
        }
        int total = ok + failed;
        return total >= policy.minCalls() && failed >= policy.failureRate() * total;
    }
}
