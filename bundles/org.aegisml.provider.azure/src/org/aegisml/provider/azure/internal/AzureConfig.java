package org.aegisml.provider.azure.internal;

/**
 * Configuration of PID {@value Azure#PID}: where the Azure ML workspace is. Never credentials:
 * those come from {@code DefaultAzureCredential} (environment {@code AZURE_CLIENT_ID},
 * {@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_SECRET} or a certificate, workload identity,
 * managed identity, the Azure CLI login...).
 */
public @interface AzureConfig {
    String subscriptionId() default "";

    String resourceGroup() default "";

    /** The Azure Machine Learning workspace the online endpoints live in. */
    String workspace() default "";

    /** Region for new endpoints; empty: the workspace's own location. */
    String location() default "";

    /** Azure Resource Manager base URL: another cloud (sovereign, Azure Stack) or a test fake. */
    String managementEndpoint() default Azure.PUBLIC_MANAGEMENT_ENDPOINT;

    /** Entra ID authority host for the credential chain; empty: the chain's default (or AZURE_AUTHORITY_HOST). */
    String authorityHost() default "";

    /**
     * Skip Entra ID instance discovery (a call to the public cloud's discovery endpoint before the
     * first token): for an authority the public cloud does not know, such as Azure Stack Hub or a
     * private Entra ID endpoint.
     */
    boolean disableInstanceDiscovery() default false;

    /** api-version of Microsoft.MachineLearningServices calls. */
    String apiVersion() default "2024-04-01";

    /** api-version of Microsoft.CostManagement queries. */
    String costApiVersion() default "2023-11-01";

    /** How long deploy, route, scale and undeploy follow Azure's long-running operation before answering. */
    int operationTimeoutSeconds() default 600;

    /** Poll interval of long-running operations when Azure does not say (Retry-After). */
    int pollSeconds() default 5;
}
