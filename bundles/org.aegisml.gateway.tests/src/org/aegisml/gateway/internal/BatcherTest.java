package org.aegisml.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class BatcherTest {

    static void await(java.util.function.BooleanSupplier c, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void writesFullBatchesAtOnceAndTheRestOnTheTimer() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        // A timer far longer than a loaded machine's scheduling hiccups: full batches must come well before it.
        try (Batcher<Integer> b = new Batcher<>("test-a", 10_000, 100, Duration.ofSeconds(4), 1, l -> sizes.add(l.size()))) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 250; i++) assertTrue(b.offer(i));
            await(() -> b.written() >= 200, "two full batches");
            assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(3000), "full batches do not wait for the timer");
            assertEquals(200, b.written(), "the partial rest waits for the timer");
            await(() -> b.written() == 250, "the rest");
            assertEquals(250, sizes.stream().mapToInt(Integer::intValue).sum());
            assertTrue(sizes.stream().allMatch(n -> n <= 100), sizes.toString());
            assertEquals(0, b.dropped());
        }
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        Batcher<Integer> b = new Batcher<>("test-b", 100, 10, Duration.ofMillis(10), 1, l -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seen.addAndGet(l.size());
        });
        b.offer(-1);
        await(() -> b.waiting() == 0, "the writer to take the first batch and block in it");
        int accepted = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) if (b.offer(i)) accepted++;
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(500), "offer never blocks");
        assertEquals(100, accepted);
        assertEquals(900, b.dropped());
        release.countDown();
        await(() -> seen.get() == 101, "what was accepted");
        b.close();
    }

    @Test
    void aFailingWriteIsRetriedThenDropped() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (Batcher<Integer> b = new Batcher<>("test-c", 100, 10, Duration.ofMillis(10), 2, l -> {
            if (calls.incrementAndGet() <= 1) throw new IllegalStateException("database restarting");
        })) {
            b.offer(1);
            await(() -> b.written() == 1, "the second attempt");
            assertEquals(2, calls.get());
            assertEquals(0, b.dropped());
        }
        try (Batcher<Integer> b = new Batcher<>("test-d", 100, 10, Duration.ofMillis(10), 2, l -> {
            throw new IllegalStateException("database down");
        })) {
            b.offer(1);
            b.offer(2);
            await(() -> b.dropped() == 2, "both dropped after two attempts");
            assertFalse(b.written() > 0);
        }
    }
}
