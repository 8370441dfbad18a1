package org.aegisml.gateway.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands items from request threads to one background thread that writes them in batches (up
 * to {@code batch} items, or whatever is there every {@code every}). {@link #offer} never
 * blocks and never fails: when {@code capacity} items are waiting, the item is dropped and
 * counted, and a warning is logged at most once a minute. The writer is woken only when a
 * full batch is waiting, not per item, so a steady stream of requests costs no thread
 * hand-off each.
 * <p>
 * A batch whose write throws is tried again after a second, up to {@code attempts} times
 * (the database may be restarting), and then dropped and counted, so that a long outage
 * bounds memory instead of piling up.
 */
final class Batcher<T> implements AutoCloseable {
    private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Logger log;
    private final String what;
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final int batch;
    private final long everyNanos;
    private final int attempts;
    private final Consumer<List<T>> sink;
    private final Thread writer;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder written = new LongAdder();
    private volatile boolean running = true;
    private long lastDropLog = System.nanoTime() - LOG_EVERY_NANOS;
    private long lastFailLog = System.nanoTime() - LOG_EVERY_NANOS;
    private long droppedLogged;

    Batcher(String what, int capacity, int batch, Duration every, int attempts, Consumer<List<T>> sink) {
        this.log = LoggerFactory.getLogger(Batcher.class.getName() + "." + what.replace(' ', '-'));
        this.what = what;
        this.capacity = Math.max(1, capacity);
        this.batch = Math.max(1, batch);
        this.everyNanos = Math.max(1, every.toNanos());
        this.attempts = Math.max(1, attempts);
        this.sink = sink;
        this.writer = Thread.ofPlatform().daemon().name("aegisml-gateway-" + what.replace(' ', '-')).unstarted(this::run);
        writer.start();
    }

    /** Queues an item; false (and counted) when the queue is full. */
    boolean offer(T item) {
        // Queued before it is counted, so the writer never counts an item it cannot poll yet (it would
        // write a short batch and leave the rest for the timer). The capacity check is therefore soft:
        // concurrent callers may overshoot it by their number.
        if (size.get() >= capacity) {
            dropped.increment();
            return false;
        }
        queue.offer(item);
        if (size.incrementAndGet() == batch) LockSupport.unpark(writer);
        return true;
    }

    /** Items dropped so far: the queue was full, or their batch could not be written. */
    long dropped() {
        return dropped.sum() + failed.sum();
    }

    long written() {
        return written.sum();
    }

    int waiting() {
        return size.get();
    }

    private void run() {
        List<T> out = new ArrayList<>(batch);
        long due = System.nanoTime() + everyNanos;
        while (running || size.get() > 0) {
            long now = System.nanoTime();
            if (size.get() < batch && running && now < due) {
                // Woken early (a full batch's unpark already served, or spuriously): a partial batch waits
                // for its timer, or a burst that ends just short of a batch would be written in pieces.
                LockSupport.parkNanos(this, due - now);
                continue;
            }
            while (size.get() > 0) {
                out.clear();
                int want = Math.min(batch, size.get()); // all of them are in the queue already (see offer)
                T item;
                while (out.size() < want && (item = queue.poll()) != null) {
                    size.decrementAndGet();
                    out.add(item);
                }
                if (out.isEmpty()) break;
                write(out);
                if (size.get() < batch && running) break;
            }
            due = System.nanoTime() + everyNanos;
            logDrops();
        }
    }

    private void write(List<T> items) {
        for (int attempt = 1;; attempt++) {
            try {
                sink.accept(items);
                written.add(items.size());
                return;
            } catch (RuntimeException e) {
                if (attempt >= attempts || !running) {
                    failed.add(items.size());
                    long now = System.nanoTime();
                    if (now - lastFailLog >= LOG_EVERY_NANOS) {
                        lastFailLog = now;
                        log.warn("Dropped {} {} that could not be written after {} attempts: {}", items.size(), what,
                                attempt, e.toString());
                    }
                    return;
                }
                LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
            }
        }
    }

    private void logDrops() {
        long now = System.nanoTime();
        if (now - lastDropLog < LOG_EVERY_NANOS) return;
        long d = dropped.sum();
        if (d > droppedLogged) {
            log.warn("Dropped {} {} in the last minute because the queue ({} entries) was full; {} in all", d - droppedLogged,
                    what, capacity, d);
            droppedLogged = d;
        }
        lastDropLog = now;
    }

    /** Writes what is waiting (for at most {@code wait}) and stops the writer. */
    void close(Duration wait) {
        running = false;
        LockSupport.unpark(writer);
        try {
            writer.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) writer.interrupt();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
