package org.aegisml.provider.aws.internal;

/**
 * Configuration of PID {@value AwsSession#PID}; every setting is optional. Credentials are never
 * configured here: they come from the SDK's default chain (environment, the system properties
 * {@code aws.accessKeyId}/{@code aws.secretAccessKey}, profiles, web identity, container and
 * instance roles).
 */
public @interface AwsConfig {

    /** The region, e.g. {@code eu-west-1}; empty: the SDK's default region chain ({@code AWS_REGION}, profile...). */
    String region() default "";

    /**
     * An endpoint that replaces every AWS service endpoint (a local emulator such as moto, or a
     * VPC endpoint); empty: the services' own endpoints.
     */
    String endpoint() default "";

    /** How long one API call may take, all retries included. */
    int apiCallTimeoutSeconds() default 60;

    /** Attempts per API call (the first one included) on throttling, 5xx and connection failures. */
    int maxAttempts() default 3;
}
