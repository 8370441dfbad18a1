package org.aegisml.provider.azure.internal;

/**
 * Configuration of PID {@value Azure#BLOB_PID}; the {@code azure-blob} artifact store is
 * registered only when it exists. Credentials: the connection string in
 * {@code AZURE_STORAGE_CONNECTION_STRING} (environment, or a JVM system property of that name) when
 * set, else {@code DefaultAzureCredential} on {@link #endpoint()}. {@code service.ranking} set here
 * is the store's ranking among the installed artifact stores.
 */
public @interface BlobConfig {
    /** The account's blob endpoint, e.g. {@code https://acct.blob.core.windows.net}; optional with a connection string. */
    String endpoint() default "";

    String container() default "";

    /** Folder inside the container, e.g. {@code aegisml/}. */
    String prefix() default "";

    /** Local read cache; empty: {@code <java.io.tmpdir>/aegisml-azure-blob/<container>}. */
    String cacheDir() default "";

    /** Entra ID authority host for the credential chain; empty: the chain's default. */
    String authorityHost() default "";

    /** As {@link AzureConfig#disableInstanceDiscovery()}. */
    boolean disableInstanceDiscovery() default false;
}
