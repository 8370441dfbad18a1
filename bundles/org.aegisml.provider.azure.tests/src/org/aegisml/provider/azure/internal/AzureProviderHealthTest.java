package org.aegisml.provider.azure.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;

import org.aegisml.api.provider.Provider;
import org.aegisml.api.provider.ProviderHealth;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.ConfigurationAdmin;

/** What the provider says about itself when settings or credentials are missing. */
class AzureProviderHealthTest {

    @AfterEach
    void clear() throws Exception {
        TestRuntime.service(ConfigurationAdmin.class).getConfiguration(Azure.PID, "?").delete();
    }

    @Test
    void withoutSettingsItIsNotConfiguredAndSaysWhatIsMissing() throws Exception {
        TestRuntime.service(ConfigurationAdmin.class).getConfiguration(Azure.PID, "?").delete();
        Provider p = TestRuntime.service(Provider.class, "(&(aegisml.provider=azure)(workspace=))");
        assertEquals("azure", p.name());
        ProviderHealth h = p.health();
        assertEquals(ProviderHealth.Status.NOT_CONFIGURED, h.status());
        assertTrue(h.detail().contains("subscriptionId") && h.detail().contains("workspace"), h.detail());
    }

    @Test
    void withoutCredentialsItIsNotConfiguredAndNamesTheChain() throws Exception {
        FakeAzure.clearCredentials();
        Hashtable<String, Object> c = new Hashtable<>();
        c.put("subscriptionId", "00000000-aaaa-bbbb-cccc-000000000002");
        c.put("resourceGroup", "rg-aegisml");
        c.put("workspace", "ws-no-credentials");
        TestRuntime.configure(Azure.PID, c);
        Provider p = TestRuntime.service(Provider.class, "(&(aegisml.provider=azure)(workspace=ws-no-credentials))");
        ProviderHealth h = p.health();
        assertEquals(ProviderHealth.Status.NOT_CONFIGURED, h.status(), h.detail());
        assertTrue(h.detail().contains("DefaultAzureCredential") && h.detail().contains("AZURE_CLIENT_ID"), h.detail());
    }

    @Test
    void aManagementEndpointThatIsNotAUrlIsNotConfigured() throws Exception {
        Hashtable<String, Object> c = new Hashtable<>();
        c.put("subscriptionId", "00000000-aaaa-bbbb-cccc-000000000003");
        c.put("resourceGroup", "rg-aegisml");
        c.put("workspace", "ws-bad-endpoint");
        c.put("managementEndpoint", "management.azure.com");
        TestRuntime.configure(Azure.PID, c);
        Provider p = TestRuntime.service(Provider.class, "(&(aegisml.provider=azure)(workspace=ws-bad-endpoint))");
        ProviderHealth h = p.health();
        assertEquals(ProviderHealth.Status.NOT_CONFIGURED, h.status(), h.detail());
        assertTrue(h.detail().contains("managementEndpoint"), h.detail());
    }
}
