package org.aegisml.policy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes live decisions to the audit log off the request path: up to {@link #PER_ENTRY}
 * decisions become one chained entry (built here, not on the request thread: summarizing the
 * inputs, hashing the texts, writing JSON), so a gateway at thousands of calls per second
 * appends a few entries a second instead of one per decision. When the queue is full a
 * decision is dropped and counted (and logged once a minute), never blocking the caller; a
 * failed write is retried every second until it succeeds or the writer is closed.
 */
final class AuditWriter<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    /** Decisions per audit entry: ~500 bytes each keeps an entry well under the column's 1 MB. */
    static final int PER_ENTRY = 200;
    /** Entries per transaction. */
    private static final int ENTRIES = 10;

    private final Store store;
    private final Function<List<T>, AuditRecord> entry;
    private final ArrayBlockingQueue<T> queue;
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private volatile long lastDropLog;

    AuditWriter(Store store, int capacity, Function<List<T>, AuditRecord> entry) {
        this.store = store;
        this.entry = entry;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().daemon().name("aegisml-policy-audit").start(this::run);
    }

    void offer(T item) {
        if (queue.offer(item)) {
            accepted.incrementAndGet();
            return;
        }
        dropped.increment();
        long now = System.nanoTime();
        if (now - lastDropLog > TimeUnit.MINUTES.toNanos(1)) {
            lastDropLog = now;
            LOG.warn("Policy audit queue full: {} live decisions not audited so far", dropped.sum());
        }
    }

    long dropped() {
        return dropped.sum();
    }

    /** Blocks until what was queued before the call is written (or 10 s pass). */
    void flush() {
        long target = accepted.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (written.get() < target && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void run() {
        List<T> batch = new ArrayList<>(PER_ENTRY * ENTRIES);
        while (!closed || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    T first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) continue;
                    batch.add(first);
                    queue.drainTo(batch, PER_ENTRY * ENTRIES - 1);
                }
                List<AuditRecord> records = new ArrayList<>();
                for (int i = 0; i < batch.size(); i += PER_ENTRY) {
                    records.add(entry.apply(batch.subList(i, Math.min(batch.size(), i + PER_ENTRY))));
                }
                store.write(tx -> {
                    for (AuditRecord r : records) tx.audit().append(r);
                    return null;
                });
                written.addAndGet(batch.size());
                batch.clear();
            } catch (InterruptedException e) {
                if (closed) break;
            } catch (RuntimeException e) {
                LOG.warn("Cannot write {} policy decisions to the audit log yet; retrying: {}", batch.size(), e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    if (closed) break;
                }
            }
        }
        if (!batch.isEmpty() || !queue.isEmpty()) {
            LOG.warn("{} policy decisions were not audited at shutdown", batch.size() + queue.size());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
