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
 * decisions become one chained entry, so a gateway at thousands of calls per second appends a
 * few entries a second instead of one per decision.
 * <p>
 * The writer lingers: after the first decision it waits up to {@code lingerMillis} for more
 * (or until {@link #PER_ENTRY} x {@link #ENTRIES} are waiting), so live traffic costs one
 * transaction per linger period. Each decision is encoded (inputs summarized, texts hashed,
 * JSON written) by this thread as soon as it arrives, and only its compact JSON waits for the
 * write. Both measured on a busy gateway: writing whatever had arrived during the previous
 * write made dozens of commits a second, whose copy-on-write pages in the embedded store were a
 * quarter of the server's garbage; and decisions waiting as object graphs survived young
 * collections and lengthened their pauses.
 * <p>
 * When the queue is full a decision is dropped and counted (and logged once a minute), never
 * blocking the caller; a failed write is retried every second until it succeeds or the writer
 * is closed.
 */
final class AuditWriter<T, E> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    /** Decisions per audit entry: ~500 bytes each keeps an entry well under the column's 1 MB. */
    static final int PER_ENTRY = 200;
    /** Entries per transaction. */
    private static final int ENTRIES = 10;
    private static final int MAX = PER_ENTRY * ENTRIES;

    private final Store store;
    private final Function<T, E> encode;
    private final Function<List<E>, AuditRecord> entry;
    private final ArrayBlockingQueue<T> queue;
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong accepted = new AtomicLong();
    /** Decisions written or given up on (unencodable): what {@link #flush()} waits for. */
    private final AtomicLong done = new AtomicLong();
    private final long lingerNanos;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean flushing;
    private volatile long lastDropLog;

    /**
     * @param encode one decision in the compact form it waits in (run on the writer's thread)
     * @param entry  the audit entry for up to {@link #PER_ENTRY} encoded decisions
     */
    AuditWriter(Store store, int capacity, long lingerMillis, Function<T, E> encode,
            Function<List<E>, AuditRecord> entry) {
        this.store = store;
        this.encode = encode;
        this.entry = entry;
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, lingerMillis));
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

    /** Writes what was queued before the call now, and blocks until it is written (or 10 s pass). */
    void flush() {
        long target = accepted.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        flushing = true;
        try {
            while (done.get() < target && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            flushing = false;
        }
    }

    private void run() {
        List<E> batch = new ArrayList<>(MAX);
        long deadline = 0;
        while (!closed || !queue.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    T first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) continue;
                    add(batch, first);
                    deadline = System.nanoTime() + lingerNanos;
                }
                // Short polls, so that a flush or close is noticed within a few milliseconds.
                for (long left; batch.size() < MAX && !closed && !flushing && (left = deadline - System.nanoTime()) > 0;) {
                    T next = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.NANOSECONDS);
                    if (next != null) add(batch, next);
                }
                for (T next; batch.size() < MAX && (next = queue.poll()) != null;) add(batch, next);
                if (batch.isEmpty()) continue;
                List<AuditRecord> records = new ArrayList<>();
                for (int i = 0; i < batch.size(); i += PER_ENTRY) {
                    records.add(entry.apply(batch.subList(i, Math.min(batch.size(), i + PER_ENTRY))));
                }
                store.write(tx -> {
                    for (AuditRecord r : records) tx.audit().append(r);
                    return null;
                });
                done.addAndGet(batch.size());
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

    private void add(List<E> batch, T item) {
        try {
            batch.add(encode.apply(item));
        } catch (RuntimeException e) {
            // Cannot happen for the maps the engine builds; never let one decision stop the others.
            dropped.increment();
            done.incrementAndGet();
            LOG.warn("A live policy decision could not be encoded for the audit log: {}", e.toString());
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
