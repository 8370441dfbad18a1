package org.aegisml.client.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.aegisml.api.ConflictException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.PageRequest;
import org.aegisml.api.ValidationException;
import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.AlertQuery;
import org.aegisml.api.alerting.AlertRule;
import org.aegisml.api.alerting.AlertScope;
import org.aegisml.api.alerting.AlertState;
import org.aegisml.api.alerting.Alerts;
import org.aegisml.api.alerting.Condition;
import org.aegisml.api.alerting.Delivery;
import org.aegisml.api.alerting.DeliveryStatus;
import org.aegisml.api.alerting.Destination;
import org.aegisml.api.alerting.DestinationSpec;
import org.aegisml.api.alerting.NotificationKind;
import org.aegisml.api.alerting.RuleSpec;
import org.aegisml.api.alerting.Severity;
import org.aegisml.api.monitoring.Event;
import org.aegisml.api.monitoring.Metric;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.client.Connection;
import org.aegisml.testing.ModelServer;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Rules, destinations, a firing episode and its deliveries through the client. */
class AlertsTest {
    static ModelServer hook;
    static Connection admin;
    static Alerts alerts;

    @BeforeAll
    static void start() throws Exception {
        hook = ModelServer.start("webhook");
        admin = Fixtures.connect();
        alerts = admin.service(Alerts.class);
    }

    @AfterAll
    static void stop() {
        admin.close();
        hook.close();
    }

    static RuleSpec rule(String name, String model, double threshold, String destination) {
        return new RuleSpec(name, Metric.ERROR_RATE, Condition.GT, threshold, Duration.ofMinutes(5), Severity.CRITICAL,
                new AlertScope(model, null, null, null), Duration.ofMinutes(10), List.of(destination), null);
    }

    @Test
    void aRuleFiresNotifiesAndResolvesAndEveryStepReadsBack() throws Exception {
        String m = Fixtures.model(1);
        String dest = Fixtures.unique("hook");
        Destination d = alerts.createDestination(new DestinationSpec(dest, "webhook", Map.of("url", hook.predictUrl())), null);
        assertEquals(dest, d.name());
        assertEquals(Destination.MASK, d.settings().get("url"), "secrets come back masked");
        assertEquals(d, alerts.destination(dest).orElseThrow());
        assertTrue(alerts.destinations().contains(d));
        Destination kept = alerts.updateDestination(dest, new DestinationSpec(dest, "webhook", Map.of("url", Destination.MASK)),
                null);
        assertEquals(Destination.MASK, kept.settings().get("url"));
        Delivery test = alerts.sendTest(dest, null);
        assertEquals(DeliveryStatus.OK, test.status(), String.valueOf(test.error()));
        assertEquals(NotificationKind.TEST, test.kind());
        assertNull(test.alertId());

        AlertRule created = alerts.createRule(rule("errors-" + m, m, 0.2, dest), null);
        JsonNode json = Fixtures.get("/api/v1/alerts/rules/" + created.id());
        assertEquals(json.get("window_seconds").asLong(), created.window().toSeconds());
        assertEquals(json.get("renotify").asText(), created.renotify().toString());
        assertEquals(Instant.parse(json.get("created_at").asText()), created.createdAt());
        assertEquals(new AlertScope(m, null, null, null), created.scope());
        assertTrue(created.enabled());
        assertEquals(created, alerts.rule(created.id()).orElseThrow());
        assertTrue(alerts.rules().contains(created));
        AlertRule updated = alerts.updateRule(created.id(), new RuleSpec("errors-" + m, Metric.ERROR_RATE, Condition.GTE, 0.3,
                Duration.ofMinutes(15), null, new AlertScope(m, null, null, null), null, List.of(dest), true), null);
        assertEquals(0.3, updated.threshold());
        assertEquals(Condition.GTE, updated.condition());
        assertEquals(Duration.ofMinutes(15), updated.window());
        assertEquals(Severity.WARNING, updated.severity(), "null severity means warning");

        // Half of the last minutes' calls failed; the server's own evaluation pass opens the episode.
        List<Event> events = new ArrayList<>();
        Instant t = Instant.now().minusSeconds(30);
        for (int i = 0; i < 10; i++) {
            events.add(new Event(m + "-" + i, null, m, null, null, t, 50.0, i % 2 == 0, null, null, null, null, null, null,
                    null, null, null, null, null, null, null));
        }
        assertEquals(10, admin.service(Monitoring.class).ingest(events).accepted());
        TestRuntime.service(Alerts.class, "(!(aegisml.remote=*))").evaluate(Instant.now());

        Alert firing = alerts.firing().stream().filter(a -> a.ruleId().equals(created.id())).findFirst().orElseThrow();
        assertEquals(AlertState.FIRING, firing.state());
        assertEquals(0.5, firing.lastValue(), 1e-9);
        assertEquals(Severity.WARNING, firing.severity());
        Alert byId = alerts.alert(firing.id()).orElseThrow();
        assertEquals(firing.startedAt(), byId.startedAt());
        assertEquals(firing.ruleName(), byId.ruleName());
        var history = alerts.history(new AlertQuery(created.id(), AlertState.FIRING, null, null, new PageRequest(1, 10)));
        assertEquals(1, history.total());
        assertEquals(firing.id(), history.items().get(0).id());
        assertEquals(Fixtures.get("/api/v1/alerts/history?rule=" + created.id()).get("total").asLong(),
                alerts.history(new AlertQuery(created.id(), null, null, null, null)).total());
        List<Delivery> deliveries = alerts.deliveries(firing.id());
        assertEquals(1, deliveries.size(), deliveries.toString());
        assertEquals(dest, deliveries.get(0).destination());
        assertEquals(NotificationKind.FIRING, deliveries.get(0).kind());
        assertEquals(DeliveryStatus.OK, deliveries.get(0).status());
        assertEquals(firing.id(), deliveries.get(0).alertId());

        assertEquals("name", assertThrows(ConflictException.class, () -> alerts.deleteDestination(dest, null)).field(),
                "a destination in use cannot go");
        alerts.deleteRule(created.id(), null);
        assertTrue(alerts.rule(created.id()).isEmpty());
        assertEquals(AlertState.RESOLVED, alerts.alert(firing.id()).orElseThrow().state(), "deleting the rule resolves it");
        alerts.deleteDestination(dest, null);
        assertTrue(alerts.destination(dest).isEmpty());
    }

    @Test
    void badInputAndUnknownNamesAreTheServicesExceptions() throws Exception {
        String m = Fixtures.model(1);
        assertEquals("threshold", assertThrows(ValidationException.class, () -> alerts.createRule(new RuleSpec("r-" + m,
                Metric.ERROR_RATE, Condition.GT, null, Duration.ofMinutes(5), null, new AlertScope(m, null, null, null), null,
                null, null), null)).field());
        assertEquals("destinations", assertThrows(ValidationException.class,
                () -> alerts.createRule(rule("r-" + m, m, 0.2, "nowhere"), null)).field());
        assertEquals("channel", assertThrows(ValidationException.class,
                () -> alerts.createDestination(new DestinationSpec("d-" + m, "pager", Map.of()), null)).field());
        assertEquals("id", assertThrows(NotFoundException.class, () -> alerts.deliveries("nope")).field());
        assertEquals("name", assertThrows(NotFoundException.class, () -> alerts.sendTest("nope", null)).field());
        assertThrows(NotFoundException.class, () -> alerts.deleteRule("nope", null));
        assertTrue(alerts.alert("nope").isEmpty());
        assertTrue(alerts.rule("nope").isEmpty());
        assertEquals(0, alerts.history(new AlertQuery("none", null, null, null, null)).total());
        assertThrows(UnsupportedOperationException.class, () -> alerts.evaluate(Instant.now()));
    }
}
