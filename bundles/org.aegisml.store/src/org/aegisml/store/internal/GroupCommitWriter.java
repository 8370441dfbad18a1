package org.aegisml.store.internal;

import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import org.aegisml.api.UnavailableException;
import org.aegisml.api.store.StoreTx;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread takes every unit of work waiting and runs them in one
 * transaction, each behind a savepoint, then commits once. A unit that fails is rolled back to
 * its savepoint alone; its neighbours still commit. Callers are answered only after the
 * commit, so an acknowledged write is a committed write.
 * <p>
 * Why: every write appends to the audit chain, which serializes writers on its head row; a
 * commit per request would bound throughput by commit latency (an fsync on PostgreSQL, a
 * store on H2). One commit per batch amortizes it across everyone who was waiting.
 * <p>
 * When the commit itself fails (a lost connection, a deadlock with another replica), the
 * units of the batch are retried one by one in transactions of their own, so one bad batch
 * never fails a request that would have succeeded alone.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    static final int MAX_BATCH = 128;

    private static final class Pending<T> {
        final Function<StoreTx, T> work;
        final CompletableFuture<T> done = new CompletableFuture<>();
        T result;
        RuntimeException error;

        Pending(Function<StoreTx, T> work) {
            this.work = work;
        }

        void complete() {
            if (error != null) done.completeExceptionally(error);
            else done.complete(result);
        }
    }

    interface Runner {
        /** Runs one unit of work in a transaction of its own (the non-batched path). */
        <T> T single(Function<StoreTx, T> work);
    }

    private final SessionFactory sessions;
    private final Runner single;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final LongAdder batches = new LongAdder();
    private final LongAdder units = new LongAdder();
    private volatile boolean closed;

    GroupCommitWriter(SessionFactory sessions, Runner single) {
        this.sessions = sessions;
        this.single = single;
        this.thread = Thread.ofPlatform().name("aegisml-store-writer").daemon().start(this::loop);
    }

    <T> T write(Function<StoreTx, T> work) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("a unit of work may not start another write");
        }
        if (closed) throw new UnavailableException(null, "the store is shutting down");
        Pending<T> p = new Pending<>(work);
        queue.add(p);
        try {
            return p.done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /** Average units per commit since start, for metrics and benchmarks. */
    double averageBatch() {
        long b = batches.sum();
        return b == 0 ? 0 : units.sum() / (double) b;
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
        while (!closed) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            try {
                run(batch);
            } catch (Throwable t) {
                // Never leave a caller hanging, whatever went wrong.
                for (Pending<?> p : batch) {
                    if (!p.done.isDone()) p.done.completeExceptionally(t);
                }
            }
            batches.increment();
            units.add(batch.size());
            batch.clear();
        }
        UnavailableException down = new UnavailableException(null, "the store is shutting down");
        for (Pending<?> p; (p = queue.poll()) != null;) p.done.completeExceptionally(down);
    }

    private void run(List<Pending<?>> batch) {
        if (batch.size() == 1) {
            runAlone(batch.get(0));
            return;
        }
        boolean committed = false;
        RuntimeException noConnection = null;
        try (Session session = sessions.openSession()) {
            Transaction tx = session.beginTransaction();
            ChainHead head = new ChainHead();
            try {
                for (Pending<?> p : batch) runBehindSavepoint(session, tx, head, p);
                if (tx.getRollbackOnly()) throw new BatchAborted();
                tx.commit();
                committed = true;
            } catch (RuntimeException e) {
                if (tx.isActive()) {
                    try {
                        tx.rollback();
                    } catch (RuntimeException r) {
                        e.addSuppressed(r);
                    }
                }
                if (noConnection(e)) noConnection = HibernateStore.translate(e);
                LOG.debug("Batch of {} failed as a whole ({}); retrying its units one by one", batch.size(), e.toString());
            }
        } catch (RuntimeException e) {
            if (noConnection(e)) noConnection = HibernateStore.translate(e);
            LOG.debug("Could not open a session for a batch: {}", e.toString());
        }
        for (Pending<?> p : batch) {
            if (committed) {
                p.complete();
            } else if (noConnection != null) {
                // The pool could not hand out a connection within its timeout: the database is
                // unreachable and none of these units ran. Trying each alone would make the
                // last caller wait one pool timeout per unit ahead of it; answer them all now.
                p.error = noConnection;
                p.complete();
            } else {
                // Every unit again, in order, alone: a unit may have failed or succeeded only
                // because of what an earlier unit of the aborted batch did.
                runAlone(p);
                if (p.error != null && noConnection(p.error)) noConnection = p.error;
            }
        }
    }

    /** The pool timed out handing out a connection (HikariCP's SQLTransientConnectionException). */
    static boolean noConnection(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof java.sql.SQLTransientConnectionException) return true;
        }
        return false;
    }

    /** The batch cannot commit (Hibernate marked it rollback-only, or the connection failed). */
    private static final class BatchAborted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BatchAborted() {
            super("batch aborted", null, false, false);
        }
    }

    private <T> void runBehindSavepoint(Session session, Transaction tx, ChainHead head, Pending<T> p) {
        Savepoint sp = session.doReturningWork(c -> c.setSavepoint());
        try {
            p.result = p.work.apply(new HibernateTx(session, head));
            session.flush();
            session.doWork(c -> c.releaseSavepoint(sp));
            // Written and answered: drop it from the persistence context so that later flushes
            // in this batch do not dirty-check everything that came before.
            session.clear();
        } catch (RuntimeException e) {
            p.error = HibernateStore.translate(e);
            // Hibernate marks the whole transaction rollback-only when one of its own operations
            // fails (a constraint violation); commit would then silently roll everything back.
            if (isConnectionFailure(p.error) || tx.getRollbackOnly()) throw new BatchAborted();
            session.doWork(c -> c.rollback(sp));
            // Forget what the failed unit left in the persistence context and what it may have
            // done to the chain head; keep the transaction.
            session.clear();
            head.forget();
        }
    }

    private static boolean isConnectionFailure(RuntimeException e) {
        return e instanceof UnavailableException;
    }

    private <T> void runAlone(Pending<T> p) {
        p.result = null;
        p.error = null;
        try {
            p.result = single.single(p.work);
        } catch (RuntimeException e) {
            p.error = e;
        }
        p.complete();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
