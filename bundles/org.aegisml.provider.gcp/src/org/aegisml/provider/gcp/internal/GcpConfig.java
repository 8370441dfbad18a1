package org.aegisml.provider.gcp.internal;

/**
 * Configuration of PID {@code org.aegisml.provider.gcp}: where AegisML works in Google Cloud.
 * Nothing here is a secret: credentials come only from Application Default Credentials (see
 * {@link Adc}). The {@code *Endpoint} settings replace Google's service URLs, for a local
 * server that speaks the same REST API.
 */
public @interface GcpConfig {
    /** The project id Vertex AI endpoints live in and BigQuery jobs run (and are billed) in. */
    String project() default "";

    /** The Vertex AI region, e.g. {@code us-central1}. */
    String location() default "us-central1";

    /** Vertex AI base URL; empty: {@code https://<location>-aiplatform.googleapis.com}. */
    String aiplatformEndpoint() default "";

    /** Cloud Storage JSON API base URL; empty: {@code https://storage.googleapis.com}. */
    String storageEndpoint() default "";

    /** BigQuery base URL; empty: {@code https://bigquery.googleapis.com}. */
    String bigqueryEndpoint() default "";

    /** The Cloud Billing export table, {@code project.dataset.table}; empty: no cost source. */
    String billingTable() default "";

    /** How long one HTTP call may take. */
    int requestTimeoutSeconds() default 30;

    /** How often a long-running operation (endpoint creation, deploy, undeploy) is polled. */
    long operationPollMillis() default 5000;

    /** How long a long-running operation may take before the call gives up (deploys take minutes). */
    int operationTimeoutMinutes() default 60;
}
