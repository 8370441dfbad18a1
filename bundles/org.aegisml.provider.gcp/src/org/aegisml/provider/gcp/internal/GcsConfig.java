package org.aegisml.provider.gcp.internal;

/**
 * Configuration of PID {@code org.aegisml.provider.gcp.gcs}: the Cloud Storage artifact store
 * exists only when this is configured. Blobs are objects {@code <prefix>sha256/<hash>} in
 * {@code bucket}; reads are cached as files under {@code cacheDir}.
 */
public @interface GcsConfig {
    String bucket() default "";

    /** Object name prefix, e.g. {@code aegisml/}; empty: the bucket's root. */
    String prefix() default "";

    /** Local directory for staged uploads and cached reads; empty: the bundle's data area. */
    String cacheDir() default "";

    /** Ranks this store against the local one when both are registered. */
    int service_ranking() default 0;
}
