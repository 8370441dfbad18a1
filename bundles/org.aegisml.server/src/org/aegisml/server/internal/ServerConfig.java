package org.aegisml.server.internal;

/** Configuration of PID {@code org.aegisml.server}. */
public @interface ServerConfig {
    int port() default 8080;

    String host() default "0.0.0.0";

    /** Largest JSON body accepted (default 10 MB). */
    long maxJsonBytes() default 10L * 1024 * 1024;

    /** Largest artifact upload accepted (default 2 GiB). */
    long maxArtifactBytes() default 2L << 30;

    /** The admin API key; when empty, the first start creates one and prints it once. */
    String adminKey() default "";

    /** Where uploads are spooled while they arrive; defaults to the system temporary directory. */
    String dataDir() default "";

    int maxThreads() default 200;
}
