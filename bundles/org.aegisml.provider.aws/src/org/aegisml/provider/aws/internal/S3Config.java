package org.aegisml.provider.aws.internal;

/**
 * Configuration of PID {@value S3ArtifactStore#PID}; the S3 artifact store exists only while it is
 * configured. Set {@code service.ranking} above 0 to make it the store the registry uses instead of
 * the local one.
 */
public @interface S3Config {

    /** The bucket (required); it must exist. */
    String bucket();

    /** Key prefix, e.g. {@code aegisml/artifacts/}; objects are {@code <prefix><sha256>}. */
    String prefix() default "";

    /** A local directory that keeps a copy of every artifact read or written; empty: none, every read is a GET. */
    String cacheDir() default "";

    /** The bucket's region when it is not the provider's ({@code org.aegisml.provider.aws}). */
    String region() default "";

    /** An S3 endpoint (e.g. a local emulator); empty: the provider's endpoint override, else AWS. Path-style addressing. */
    String endpoint() default "";
}
