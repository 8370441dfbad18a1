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

    /** How long start-up waits for an unreachable database before it gives up. */
    int startupTimeoutSeconds() default 60;
}
