package org.aegisml.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aegisml.gateway.internal.CircuitBreaker.Policy;
import org.aegisml.gateway.internal.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

/** The breaker on a clock the test steps (nanoseconds). */
class CircuitBreakerTest {
    static final long MS = 1_000_000L, S = 1_000 * MS;
    static final Policy POLICY = new Policy(5, 0.5, 20, 10, 5 * S);

    static void call(CircuitBreaker b, long now, boolean ok) {
        assertTrue(b.tryAcquire(now), "closed: the call may go");
        if (ok) b.success(now);
        else b.failure(now);
    }

    @Test
    void opensAfterConsecutiveFailuresAndASuccessResetsTheCount() {
        CircuitBreaker b = new CircuitBreaker(POLICY);
        long t = 0;
        for (int i = 0; i < 4; i++) call(b, t += MS, false);
        call(b, t += MS, true);
        for (int i = 0; i < 4; i++) call(b, t += MS, false);
        assertEquals(State.CLOSED, b.state(), "never 5 in a row");
        call(b, t += MS, false);
        assertEquals(State.OPEN, b.state());
        assertFalse(b.tryAcquire(t += MS), "open: refused at once");
        assertEquals(1, b.timesOpened());
    }

    @Test
    void opensOnTheFailureRateOverTheWindowOnceItHoldsEnoughCalls() {
        CircuitBreaker b = new CircuitBreaker(POLICY);
        long t = 0;
        // Alternating: at most two failures in a row, about half failing. Below 20 calls the rate does not count.
        for (int i = 0; i < 19; i++) call(b, t += 10 * MS, i % 2 == 1);
        assertEquals(State.CLOSED, b.state());
        call(b, t += 10 * MS, false);
        assertEquals(State.OPEN, b.state(), "11 of 20 failed");
    }

    @Test
    void oldFailuresLeaveTheWindow() {
        CircuitBreaker b = new CircuitBreaker(POLICY);
        long t = 0;
        // 12 failures of 18 calls (fail, fail, ok...): too few calls for the rate to count yet.
        for (int i = 0; i < 18; i++) call(b, t += MS, i % 3 == 2);
        assertEquals(State.CLOSED, b.state());
        t += 11 * S; // all of that is now outside the 10 s window
        // 9 failures of 20: with the old calls it would be 21 of 38 (55%) and open.
        for (int i = 0; i < 20; i++) call(b, t += MS, !(i % 2 == 0 && i < 18));
        assertEquals(State.CLOSED, b.state(), "the old failures do not count any more");
        CircuitBreaker control = new CircuitBreaker(POLICY);
        t = 0;
        for (int i = 0; i < 18; i++) call(control, t += MS, i % 3 == 2);
        t += 2 * S; // still inside the window
        for (int i = 0; i < 20 && control.state() == State.CLOSED; i++) call(control, t += MS, !(i % 2 == 0 && i < 18));
        assertEquals(State.OPEN, control.state(), "within the window the same calls open it");
    }

    @Test
    void halfOpenLetsOneTrialThroughAndItsOutcomeDecides() {
        CircuitBreaker b = new CircuitBreaker(POLICY);
        long t = 0;
        for (int i = 0; i < 5; i++) call(b, t += MS, false);
        assertFalse(b.tryAcquire(t + 4 * S), "still cooling down");
        assertTrue(b.retryAfterNanos(t + 4 * S) > 0);
        t += 5 * S;
        assertTrue(b.tryAcquire(t), "the trial");
        assertEquals(State.HALF_OPEN, b.state());
        assertFalse(b.tryAcquire(t), "only one trial at a time");
        b.failure(t);
        assertEquals(State.OPEN, b.state(), "a failed trial opens again");
        assertFalse(b.tryAcquire(t + S), "for another cool-down");
        t += 5 * S;
        assertTrue(b.tryAcquire(t));
        b.success(t);
        assertEquals(State.CLOSED, b.state(), "a good trial closes");
        for (int i = 0; i < 4; i++) call(b, t += MS, false);
        assertEquals(State.CLOSED, b.state(), "with a clean slate: 4 failures are not enough");
    }

    @Test
    void aReleasedTrialLetsTheNextCallTry() {
        CircuitBreaker b = new CircuitBreaker(POLICY);
        long t = 0;
        for (int i = 0; i < 5; i++) call(b, t += MS, false);
        t += 5 * S;
        assertTrue(b.tryAcquire(t));
        b.release(t);
        assertEquals(State.OPEN, b.state());
        assertTrue(b.tryAcquire(t + MS), "the trial was not used up");
    }
}
