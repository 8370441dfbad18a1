package org.aegisml.provider.azure.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aegisml.api.UnavailableException;
import org.aegisml.api.provider.ModelHost;
import org.aegisml.api.provider.Provider;
import org.aegisml.api.provider.ProviderHealth;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A service principal whose secret Entra ID refuses: no token, so nothing reaches ARM. */
class AzureCredentialTest {
    static final String WRONG = "not-the-secret";
    static FakeAzure azure;

    @BeforeAll
    static void start() throws Exception {
        azure = FakeAzure.start(WRONG);
    }

    @AfterAll
    static void stop() throws Exception {
        azure.close();
    }

    @Test
    void healthSaysTheCredentialWasRefusedWithoutShowingIt() {
        ProviderHealth h = TestRuntime.service(Provider.class, azure.filter()).health();
        assertEquals(ProviderHealth.Status.UNREACHABLE, h.status(), h.detail());
        assertTrue(h.detail().contains("refused"), h.detail());
        assertFalse(h.detail().contains(WRONG), h.detail());
    }

    @Test
    void callsFailAsUnavailableAndNeverReachResourceManager() {
        ModelHost host = TestRuntime.service(ModelHost.class, azure.filter());
        UnavailableException e = assertThrows(UnavailableException.class, () -> host.status("churn-prod"));
        assertEquals("credentials", e.field());
        assertFalse(e.getMessage().contains(WRONG), e.getMessage());
        assertEquals(0, azure.arm.tokensIssued());
        assertEquals(0, azure.arm.calls().size(), "no ARM request without a token");
    }
}
