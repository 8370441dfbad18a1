package org.aegisml.provider.azure.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;

/** Names shared by the provider's components, and the SDK objects they build the same way. */
final class Azure {
    static final String NAME = "azure";
    static final String PID = "org.aegisml.provider.azure";
    static final String BLOB_PID = "org.aegisml.provider.azure.blob";
    static final String PUBLIC_MANAGEMENT_ENDPOINT = "https://management.azure.com";
    /** What {@code DefaultAzureCredential} tries, for messages that say where credentials were looked for. */
    static final String CHAIN = "DefaultAzureCredential: environment (AZURE_TENANT_ID, AZURE_CLIENT_ID with"
            + " AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH), workload identity (AZURE_FEDERATED_TOKEN_FILE),"
            + " managed identity, Azure CLI, Azure PowerShell, Azure Developer CLI";

    private Azure() {
    }

    /**
     * One HTTP client for everything the SDK sends: the JDK's own (no Netty), given explicitly
     * because the SDK's ServiceLoader lookup cannot see the embedded implementation from every
     * class loader OSGi may put on the thread.
     */
    static HttpClient httpClient() {
        return new JdkHttpClientBuilder().connectionTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * The SDK's view of the environment, read now: environment variables and JVM system
     * properties of the same names (the SDK's standard sources). The SDK's global configuration
     * caches what it read first, forever; a snapshot per activation lets a reconfigured component
     * see credentials that changed since.
     */
    static Configuration environment() {
        return new ConfigurationBuilder(source -> Map.of(), source -> systemProperties(), source -> System.getenv())
                .build();
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> m = new TreeMap<>();
        Properties p = System.getProperties();
        for (String name : p.stringPropertyNames()) m.put(name, p.getProperty(name));
        return m;
    }

    /** The standard credential chain; {@code authorityHost} blank keeps the chain's default. */
    static TokenCredential credential(HttpClient http, Configuration environment, String authorityHost,
            boolean disableInstanceDiscovery) {
        DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder().httpClient(http).configuration(environment);
        if (authorityHost != null && !authorityHost.isBlank()) b.authorityHost(authorityHost);
        if (disableInstanceDiscovery) b.disableInstanceDiscovery();
        return b.build();
    }

    static String trimSlash(String url) {
        String u = url.strip();
        while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
        return u;
    }
}
