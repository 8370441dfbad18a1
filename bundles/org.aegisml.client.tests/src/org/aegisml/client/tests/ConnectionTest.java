package org.aegisml.client.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Set;

import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.alerting.Alerts;
import org.aegisml.api.audit.AuditLog;
import org.aegisml.api.deployment.Approvals;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.monitoring.DriftAnalysis;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.security.Role;
import org.aegisml.client.AuthenticationException;
import org.aegisml.client.Connection;
import org.aegisml.client.Connector;
import org.aegisml.testing.ModelServer;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

/** Opening and closing connections: the key is checked, the services come and go with the connection. */
class ConnectionTest {
    static final List<Class<?>> SERVICES = List.of(Deployments.class, Approvals.class, Alerts.class, Monitoring.class,
            DriftAnalysis.class, AuditLog.class, Registry.class, org.aegisml.api.cost.CostLedger.class);

    @Test
    void connectRegistersEveryServiceUnderTheServerUrlAndCloseUnregistersThem() throws Exception {
        URI uri = Fixtures.uri();
        Connection c = Fixtures.connect();
        try {
            assertEquals(uri, c.server());
            assertEquals(Set.copyOf(SERVICES), c.services());
            for (Class<?> type : SERVICES) {
                Object s = c.service(type);
                assertTrue(type.isInstance(s), type.getName());
                assertTrue(Fixtures.registered(type, s, uri.toString()), type.getSimpleName() + " is registered");
                for (ServiceReference<?> ref : Fixtures.context().getServiceReferences(type.getName(),
                        "(" + Connector.REMOTE + "=*)")) {
                    for (String k : ref.getPropertyKeys()) {
                        assertFalse(String.valueOf(ref.getProperty(k)).contains(TestRuntime.ADMIN_KEY), "the key is in " + k);
                    }
                }
            }
            assertTrue(c.reachable());
            assertFalse(c.toString().contains(TestRuntime.ADMIN_KEY), c.toString());
            assertFalse(c.service(Deployments.class).toString().contains(TestRuntime.ADMIN_KEY));
        } finally {
            c.close();
        }
        for (Class<?> type : SERVICES) {
            assertFalse(Fixtures.registered(type, c.service(type), uri.toString()), type.getSimpleName() + " is still registered");
        }
        c.close(); // a second close does nothing
        assertFalse(c.reachable(), "a closed connection is not reachable");
        UnavailableException closed = assertThrows(UnavailableException.class, () -> c.service(Deployments.class).list());
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    @Test
    void theInProcessServicesStayPreferredWhereTheyRunBesideTheClient() throws Exception {
        try (Connection c = Fixtures.connect()) {
            Deployments plain = TestRuntime.service(Deployments.class);
            assertFalse(plain == c.service(Deployments.class), "an unfiltered lookup gets the in-process service");
            assertSame(c.service(Registry.class), c.service(Registry.class));
        }
    }

    @Test
    void theActorIsWhomTheKeyBelongsTo() throws Exception {
        Fixtures.Key viewer = Fixtures.key("viewer");
        try (Connection c = Fixtures.connector().connect(Fixtures.uri(), viewer.secret())) {
            assertEquals(viewer.id(), c.actor().id());
            assertEquals(viewer.name(), c.actor().name());
            assertEquals(Role.VIEWER, c.actor().role());
            assertFalse(c.toString().contains(viewer.secret()));
        }
        try (Connection admin = Fixtures.connect()) {
            assertEquals(Role.ADMIN, admin.actor().role());
        }
    }

    @Test
    void aRefusedKeyIsAnAuthenticationExceptionAndRegistersNothing() throws Exception {
        URI uri = Fixtures.uri();
        ServiceReference<?>[] before = Fixtures.context().getServiceReferences(Deployments.class.getName(),
                "(" + Connector.REMOTE + "=*)");
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> Fixtures.connector().connect(uri, "aegis_not-a-key-at-all-xxxxxxxxxxxx"));
        assertTrue(e.getMessage().contains("unknown or revoked"), e.getMessage());
        assertFalse(e.getMessage().contains("aegis_not-a-key"), "the key is not repeated: " + e.getMessage());
        assertEquals(before == null ? 0 : before.length, count(Deployments.class));

        Fixtures.Key revoked = Fixtures.key("operator");
        try (Connection c = Fixtures.connector().connect(uri, revoked.secret())) {
            assertEquals(200, Fixtures.admin().delete("/api/v1/keys/" + revoked.id()).status());
            assertThrows(AuthenticationException.class, () -> c.service(Deployments.class).list(),
                    "a key revoked while connected is refused on its next call");
        }
    }

    @Test
    void anUnreachableServerIsUnavailable() {
        URI nowhere = URI.create("http://127.0.0.1:" + ModelServer.unusedPort());
        UnavailableException e = assertThrows(UnavailableException.class,
                () -> Fixtures.connector().connect(nowhere, TestRuntime.ADMIN_KEY));
        assertTrue(e.getMessage().contains(nowhere.toString()), e.getMessage());
        assertFalse(e.getMessage().contains(TestRuntime.ADMIN_KEY));
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyCall() throws Exception {
        assertEquals("server", assertThrows(ValidationException.class,
                () -> Fixtures.connector().connect(URI.create("ftp://127.0.0.1/"), TestRuntime.ADMIN_KEY)).field());
        assertEquals("server", assertThrows(ValidationException.class,
                () -> Fixtures.connector().connect(null, TestRuntime.ADMIN_KEY)).field());
        assertEquals("apiKey", assertThrows(ValidationException.class,
                () -> Fixtures.connector().connect(Fixtures.uri(), " ")).field());
        try (Connection c = Fixtures.connect()) {
            assertThrows(IllegalArgumentException.class, () -> c.service(String.class));
        }
    }

    @Test
    void aStandaloneConnectorRegistersNothingButItsServicesWork() throws Exception {
        int before = count(Registry.class);
        Connection c = Connector.standalone().connect(URI.create(Fixtures.uri() + "/"), TestRuntime.ADMIN_KEY);
        try {
            assertEquals(before, count(Registry.class), "nothing registered");
            String m = Fixtures.model(1);
            assertEquals(1, c.service(Registry.class).find(org.aegisml.api.registry.AssetType.MODEL, m).orElseThrow()
                    .latestVersion());
        } finally {
            c.close();
        }
    }

    private static int count(Class<?> type) throws Exception {
        ServiceReference<?>[] refs = Fixtures.context().getServiceReferences(type.getName(), "(" + Connector.REMOTE + "=*)");
        return refs == null ? 0 : refs.length;
    }
}
