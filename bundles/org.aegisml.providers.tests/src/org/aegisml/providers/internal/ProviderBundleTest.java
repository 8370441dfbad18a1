package org.aegisml.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.aegisml.api.provider.Providers;
import org.aegisml.testing.Http;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * A real provider bundle (GCP, with its SDK inside) uninstalled from and installed again into the
 * running server: its provider leaves and comes back in {@code GET /api/v1/providers} without a
 * restart, and the rest of the server keeps answering.
 */
class ProviderBundleTest {

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        TestRuntime.await(what, Duration.ofSeconds(30), condition);
    }

    @Test
    void aProviderBundleUninstalledAndInstalledAgainTakesItsProviderWithIt() throws Exception {
        Http http = TestRuntime.ensureServer();
        Providers providers = TestRuntime.service(Providers.class);
        Bundle gcp = TestRuntime.bundle("org.aegisml.provider.gcp");
        if (gcp.getState() != Bundle.ACTIVE) gcp.start();
        await("the gcp provider", () -> providers.find("gcp").isPresent());
        var listed = http.get("/api/v1/providers/gcp");
        assertEquals(200, listed.status(), listed.text());
        // Nothing configured here (no project, no credentials): it says so, and nothing else is affected.
        assertEquals("not_configured", listed.json().path("health").path("status").asText(), listed.text());
        assertEquals("org.aegisml.provider.gcp", listed.json().path("bundle").asText());

        // Equinox names bundles installed at launch "initial@reference:file:...": the part after @ is the jar.
        String location = gcp.getLocation().substring(gcp.getLocation().indexOf('@') + 1);
        gcp.uninstall();
        await("the gcp provider gone", () -> providers.find("gcp").isEmpty());
        assertEquals(404, http.get("/api/v1/providers/gcp").status());
        assertEquals(200, http.get("/api/v1/deployments").status(), "the rest of the server is unaffected");

        Bundle again = TestRuntime.context().installBundle(location);
        again.start();
        await("the gcp provider back", () -> providers.find("gcp").isPresent());
        assertTrue(http.get("/api/v1/providers").text().contains("\"name\":\"gcp\""));
    }
}
