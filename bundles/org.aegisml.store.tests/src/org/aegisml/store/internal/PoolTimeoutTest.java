package org.aegisml.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.aegisml.api.UnavailableException;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database outage as the pool sees it: no connection within the pool timeout. Writes queued
 * behind the group-commit writer must all be refused (503) after about one pool timeout, not
 * one pool timeout per write ahead of them, and the store must work again afterwards. And a
 * PostgreSQL connection that stops answering is given up after a socket timeout, not never.
 */
class PoolTimeoutTest {
    private static final long POOL_TIMEOUT_MS = 250; // HikariCP's minimum

    @Test
    void writesQueuedWhileNoConnectionCanBeHadFailTogether() throws Exception {
        Path dir = Files.createTempDirectory("aegisml-pool-timeout-");
        HibernateStore store = new HibernateStore(config(dir));
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // The pool's only connection is taken, so every write meets a pool timeout, like
            // a server whose database cannot be reached.
            Thread holder = Thread.ofPlatform().start(() -> store.read(tx -> {
                tx.keys().list();
                held.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertTrue(held.await(30, TimeUnit.SECONDS));
            int n = 12;
            long start = System.nanoTime();
            List<Future<Object>> writes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                writes.add(clients.submit(() -> store.write(tx -> {
                    tx.keys().list();
                    return (Object) "written";
                })));
            }
            for (Future<Object> f : writes) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
                assertInstanceOf(UnavailableException.class, e.getCause());
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            // One by one they would take at least n pool timeouts (3 s); together one or two.
            assertTrue(ms < n * POOL_TIMEOUT_MS * 2 / 3, "12 refused writes took " + ms + " ms");
            release.countDown();
            holder.join(30_000);
            assertNotNull(store.write(tx -> tx.keys().list()));
        } finally {
            clients.shutdownNow();
            store.close();
        }
    }

    @Test
    void postgresqlConnectionsHaveASocketTimeoutUnlessTheUrlSetsOne() throws Exception {
        Path dir = Files.createTempDirectory("aegisml-socket-timeout-");
        var plain = (PGSimpleDataSource) HibernateStore.poolConfig("jdbc:postgresql://127.0.0.1:5432/x", config(dir))
                .getDataSource();
        assertEquals(15, plain.getSocketTimeout());
        var own = (PGSimpleDataSource) HibernateStore.poolConfig("jdbc:postgresql://127.0.0.1:5432/x?socketTimeout=120",
                config(dir)).getDataSource();
        assertEquals(120, own.getSocketTimeout());
    }

    private static StoreConfig config(Path dir) {
        return new StoreConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return StoreConfig.class;
            }

            @Override
            public String url() {
                return "";
            }

            @Override
            public String user() {
                return "";
            }

            @Override
            public String password() {
                return "";
            }

            @Override
            public String dataDir() {
                return dir.toString();
            }

            @Override
            public String artifactDir() {
                return "";
            }

            @Override
            public int poolSize() {
                return 1;
            }

            @Override
            public long connectionTimeoutMs() {
                return POOL_TIMEOUT_MS;
            }

            @Override
            public int socketTimeoutSeconds() {
                return 15;
            }

            @Override
            public int startupTimeoutSeconds() {
                return 10;
            }
        };
    }
}
