package org.aegisml.store.internal;

/**
 * Configuration of PID {@code org.aegisml.store}. With no {@code url} the store runs H2 in
 * {@code dataDir}; artifacts go to {@code artifactDir}, by default {@code dataDir/artifacts}.
 */
public @interface StoreConfig {
    /** JDBC URL; empty means embedded H2 in {@link #dataDir()}. */
    String url() default "";

    String user() default "";

    String password() default "";

    /** Directory for the embedded database and local artifacts. */
    String dataDir() default "";

    String artifactDir() default "";

    int poolSize() default 16;

    long connectionTimeoutMs() default 5000;

    /**
     * PostgreSQL: how long a query may wait for the database's next bytes before its connection
     * is given up (pgjdbc's {@code socketTimeout}; 0: forever). Without it a database that stops
     * answering without closing the connection (a network partition) holds the writer thread,
     * and every write queued behind it, until the operating system gives up, hours later. A
     * {@code socketTimeout} in the JDBC URL wins. It also ends any single statement that keeps
     * the database busy longer without sending a byte: nothing does today, but a bulk job such
     * as {@code MonitoringRepository.purgeEvents} over a large backlog must run in chunks or
     * raise it.
     */
    int socketTimeoutSeconds() default 15;

    /** How long start-up waits for an unreachable database before it gives up. */
    int startupTimeoutSeconds() default 60;
}
