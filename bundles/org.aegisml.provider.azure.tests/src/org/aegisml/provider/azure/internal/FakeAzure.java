package org.aegisml.provider.azure.internal;

import java.util.Hashtable;
import java.util.UUID;

import org.aegisml.testing.TestRuntime;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The fake ARM and Entra ID started for one test class, with the provider configured against
 * them: PID {@value Azure#PID} names the fake as management endpoint and authority host (with a
 * workspace name of its own, so the test finds the services of this configuration), and the
 * service principal is given to {@code DefaultAzureCredential} the standard way, as
 * {@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_ID}, {@code AZURE_CLIENT_SECRET} (JVM system
 * properties of those names, which the SDK reads like the environment variables).
 */
final class FakeAzure implements AutoCloseable {
    static final String[] CREDENTIAL = { "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET" };
    final FakeArm arm;
    final String workspace;

    private FakeAzure(FakeArm arm) {
        this.arm = arm;
        this.workspace = arm.workspace;
    }

    static FakeAzure start() throws Exception {
        return start(FakeArm.CLIENT_SECRET);
    }

    /** With the service principal's secret as given (a wrong one: Entra ID refuses it). */
    static FakeAzure start(String clientSecret) throws Exception {
        Tls.trustFake();
        String ws = "ws-" + UUID.randomUUID().toString().substring(0, 8);
        FakeArm arm = new FakeArm("00000000-aaaa-bbbb-cccc-000000000001", "rg-aegisml", ws);
        System.setProperty("AZURE_TENANT_ID", FakeArm.TENANT);
        System.setProperty("AZURE_CLIENT_ID", FakeArm.CLIENT_ID);
        System.setProperty("AZURE_CLIENT_SECRET", clientSecret);
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("subscriptionId", arm.subscription);
        p.put("resourceGroup", arm.resourceGroup);
        p.put("workspace", ws);
        p.put("managementEndpoint", arm.url());
        p.put("authorityHost", arm.url());
        // The fake authority is unknown to the public cloud's discovery endpoint (not reachable here either).
        p.put("disableInstanceDiscovery", true);
        p.put("operationTimeoutSeconds", 60);
        TestRuntime.configure(Azure.PID, p);
        return new FakeAzure(arm);
    }

    /** LDAP filter for this configuration's services. */
    String filter() {
        return "(&(aegisml.provider=azure)(workspace=" + workspace + "))";
    }

    static void clearCredentials() {
        for (String c : CREDENTIAL) System.clearProperty(c);
    }

    @Override
    public void close() throws Exception {
        TestRuntime.service(ConfigurationAdmin.class).getConfiguration(Azure.PID, "?").delete();
        clearCredentials();
        arm.close();
    }
}
