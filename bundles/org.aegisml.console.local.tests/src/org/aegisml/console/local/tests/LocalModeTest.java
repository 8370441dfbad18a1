package org.aegisml.console.local.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.NewAsset;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.testing.ConsoleWindow;
import org.aegisml.testing.Fx;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Local mode: no server, no REST client; the operator picks "Use the local store" and the
 * service bundles come up inside the console on the embedded store in its data directory. The
 * views then show what those services hold, and disconnecting stops them again.
 */
class LocalModeTest {
    static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void theServicesRunInsideTheConsoleOnTheEmbeddedStore() throws Exception {
        assertTrue(System.getenv("DISPLAY") != null && !System.getenv("DISPLAY").isBlank(),
                "the console's UI tests need a display: run the build under Xvfb (./aegisml test does)");
        ServiceTracker<Registry, Registry> registry = new ServiceTracker<>(TestRuntime.context(),
                FrameworkUtil.createFilter("(&(objectClass=" + Registry.class.getName() + ")(!(aegisml.remote=*)))"), null);
        registry.open();
        try {
            assertNull(registry.getService(), "no store, so no registry, before the operator picks local mode");
            ConsoleWindow ui = ConsoleWindow.open(WAIT);
            ui.click("local");
            Fx.await("the local session", WAIT, () -> ui.text("session").startsWith("local store ("),
                    () -> ui.text("connect-message") + " | " + ui.text("status"));
            assertTrue(ui.text("session").contains(System.getProperty("aegisml.console.dataDir")), ui.text("session"));
            assertTrue(ui.text("session").endsWith("(admin)"), "the local operator may do anything: " + ui.text("session"));

            Registry local = registry.waitForService(TimeUnit.SECONDS.toMillis(WAIT.toSeconds()));
            assertTrue(local != null, "the registry came up in-process on the console's store");
            String name = "local-" + UUID.randomUUID().toString().substring(0, 8);
            local.create(new NewAsset(AssetType.MODEL, name, ModelKind.ML, "made in local mode", Map.of()),
                    new Actor("local-test", "tester", Role.ADMIN));

            ui.openView("registry");
            ui.selectRow("registry-assets", (Asset a) -> a.name().equals(name));
            ui.screenshot("local-registry");
            ui.openView("audit");
            Fx.await("the local audit log verified", WAIT, () -> ui.text("audit-verification").startsWith("Hash chain intact"),
                    () -> ui.text("audit-verification") + " | " + ui.text("status"));
            ui.screenshot("local-audit");

            ui.click("disconnect");
            Fx.await("the connect pane", WAIT, () -> ui.text("connect-message").startsWith("Disconnected"));
            long end = System.nanoTime() + WAIT.toNanos();
            while (registry.getService() != null && System.nanoTime() < end) Thread.sleep(100);
            assertNull(registry.getService(), "disconnecting stops the local services");
            Configuration[] left = TestRuntime.service(ConfigurationAdmin.class)
                    .listConfigurations("(&(service.pid=org.aegisml.store)(aegisml.console=true))");
            assertEquals(null, left, "the console removed the store configuration it wrote");
        } finally {
            registry.close();
        }
    }
}
