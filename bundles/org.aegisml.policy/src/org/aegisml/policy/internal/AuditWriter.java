package org.aegisml.policy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes live decisions to the audit log in batches (one transaction per up to 500), on its
 * own thread, so a gateway request never waits for the database. When the queue is full a
 * decision is dropped and counted (and logged once a minute), never blocking the caller; a
 * failed batch is retried until it is written or the writer is closed.
 */
final class AuditWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    private static final int BATCH = 500;

    private final Store store;
    private final ArrayBlockingQueue<AuditRecord> queue;
    private final LongAdder dropped = new LongAdder();
    private final Thread thread;
    private final java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;
    private volatile long lastDropLog;

    AuditWriter(Store store, int capacity) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().daemon().name("aegisml-policy-audit").start(this::run);
    }

    void offer(AuditRecord r) {
        if (queue.offer(r)) {
            accepted.incrementAndGet();
        } else {
            dropped.increment();
            long now = System.nanoTime();
            if (now - lastDropLog > TimeUnit.MINUTES.toNanos(1)) {
                lastDropLog = now;
                LOG.warn("Policy audit queue full: {} live decisions not audited so far", dropped.sum());
            }
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
        List<AuditRecord> batch = new ArrayList<>(BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    AuditRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) continue;
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                List<AuditRecord> b = batch;
                store.write(tx -> {
                    for (AuditRecord r : b) tx.audit().append(r);
                    return null;
                });
                written.addAndGet(b.size());
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
