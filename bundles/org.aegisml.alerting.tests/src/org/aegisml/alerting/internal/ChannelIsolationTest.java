package org.aegisml.alerting.internal;

import static org.aegisml.alerting.internal.Fixtures.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.aegisml.alerting.internal.Fixtures.Recorder;
import org.aegisml.api.ValidationException;
import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.AlertChannel;
import org.aegisml.api.alerting.AlertRule;
import org.aegisml.api.alerting.AlertScope;
import org.aegisml.api.alerting.Alerts;
import org.aegisml.api.alerting.Condition;
import org.aegisml.api.alerting.Delivery;
import org.aegisml.api.alerting.DeliveryStatus;
import org.aegisml.api.alerting.DestinationSpec;
import org.aegisml.api.alerting.Notification;
import org.aegisml.api.alerting.RuleSpec;
import org.aegisml.api.alerting.Severity;
import org.aegisml.api.monitoring.Metric;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;

/** Channels come and go as services; a failing one only fails its own deliveries. */
class ChannelIsolationTest {
    static Alerts alerts;
    static Recorder http;

    @BeforeAll
    static void start() throws Exception {
        Fixtures.runtime();
        alerts = Fixtures.alerts();
        http = Fixtures.recorder();
    }

    /** A third-party channel, registered the way any bundle would. */
    static ServiceRegistration<AlertChannel> register(String type, boolean fails) {
        AlertChannel c = new AlertChannel() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public void validate(Map<String, String> settings) {
                if (!settings.containsKey("room")) throw new ValidationException("settings.room", "settings.room is required");
            }

            @Override
            public void send(Notification n, Map<String, String> settings) {
                if (fails) throw new IllegalStateException("boom from " + type);
            }
        };
        return TestRuntime.context().registerService(AlertChannel.class, c, new Hashtable<>());
    }

    @Test
    void aThrowingChannelAnHttpErrorAndAMissingChannelNeverStopTheOthers() throws Exception {
        String m = Fixtures.model();
        String okPath = "/ok/" + m;
        String broken = "broken-" + UUID.randomUUID().toString().substring(0, 6);
        String temp = "temp-" + UUID.randomUUID().toString().substring(0, 6);
        ServiceRegistration<AlertChannel> brokenReg = register(broken, true);
        ServiceRegistration<AlertChannel> tempReg = register(temp, false);
        try {
            alerts.createDestination(new DestinationSpec("a-broken-" + m, broken, Map.of("room", "x")), OPERATOR);
            alerts.createDestination(new DestinationSpec("b-http500-" + m, "webhook", Map.of("url", http.url("/fail/" + m))),
                    OPERATOR);
            alerts.createDestination(new DestinationSpec("c-gone-" + m, temp, Map.of("room", "y")), OPERATOR);
            alerts.createDestination(new DestinationSpec("d-ok-" + m, "webhook", Map.of("url", http.url(okPath))), OPERATOR);
            tempReg.unregister();
            tempReg = null;
            AlertRule rule = alerts.createRule(new RuleSpec("iso-" + m, Metric.ERROR_RATE, Condition.GT, 0.1,
                    Duration.ofMinutes(5), Severity.WARNING, new AlertScope(m, null, null, null), Duration.ZERO,
                    List.of("a-broken-" + m, "b-http500-" + m, "c-gone-" + m, "d-ok-" + m), true), OPERATOR);
            Instant t0 = Fixtures.base();
            Fixtures.traffic(m, t0, 1, 1);
            alerts.evaluate(t0.plus(Duration.ofMinutes(1)));

            assertEquals(1, http.at(okPath).size(), "the healthy destination got its notification");
            Alert a = alerts.firing().stream().filter(x -> x.ruleId().equals(rule.id())).findFirst().orElseThrow();
            Map<String, Delivery> byDest = alerts.deliveries(a.id()).stream()
                    .collect(Collectors.toMap(d -> d.destination().substring(0, 1), Function.identity()));
            assertEquals(DeliveryStatus.FAILED, byDest.get("a").status());
            assertEquals("boom from " + broken, byDest.get("a").error());
            assertEquals(DeliveryStatus.FAILED, byDest.get("b").status());
            assertTrue(byDest.get("b").error().startsWith("HTTP 500 from http://127.0.0.1:"), byDest.get("b").error());
            assertTrue(byDest.get("b").error().endsWith(": no_service"), byDest.get("b").error());
            assertTrue(!byDest.get("b").error().contains("/fail/"), "the URL path (the secret part) is not in the error");
            assertEquals(DeliveryStatus.FAILED, byDest.get("c").status());
            assertTrue(byDest.get("c").error().contains("no alert channel of type '" + temp + "' is installed"),
                    byDest.get("c").error());
            assertEquals(DeliveryStatus.OK, byDest.get("d").status());

            // The channel is gone: its type can no longer be chosen, and its settings show masked.
            ValidationException e = assertThrows(ValidationException.class, () -> alerts.createDestination(
                    new DestinationSpec("e-" + m, temp, Map.of("room", "z")), OPERATOR));
            assertEquals("channel", e.field());
            assertEquals("********", alerts.destination("c-gone-" + m).orElseThrow().settings().get("room"));
            // A registered third-party channel validates its own settings.
            ValidationException v = assertThrows(ValidationException.class, () -> alerts.createDestination(
                    new DestinationSpec("f-" + m, broken, Map.of()), OPERATOR));
            assertEquals("settings.room", v.field());
            alerts.deleteRule(rule.id(), OPERATOR);
        } finally {
            brokenReg.unregister();
            if (tempReg != null) tempReg.unregister();
        }
    }

    @Test
    void aHangingChannelTimesOutWithoutHoldingUpTheOthers() {
        AlertChannel hangs = new AlertChannel() {
            @Override
            public String type() {
                return "hangs";
            }

            @Override
            public void validate(Map<String, String> settings) {
            }

            @Override
            public void send(Notification n, Map<String, String> settings) throws Exception {
                Thread.sleep(30_000);
            }
        };
        AlertChannel fine = new AlertChannel() {
            @Override
            public String type() {
                return "fine";
            }

            @Override
            public void validate(Map<String, String> settings) {
            }

            @Override
            public void send(Notification n, Map<String, String> settings) {
            }
        };
        Map<String, AlertChannel> channels = Map.of("hangs", hangs, "fine", fine);
        Instant now = Instant.now();
        Notification n = Notifications.test("x", "olga", now);
        try (Dispatcher d = new Dispatcher(Duration.ofMillis(300))) {
            List<Dispatcher.Send> sends = List.of(send("h", "hangs", n, now), send("f", "fine", n, now));
            long t = System.nanoTime();
            List<Dispatcher.Outcome> out = d.send(sends, channels::get, "fine, hangs");
            long ms = (System.nanoTime() - t) / 1_000_000;
            assertTrue(ms < 5_000, "waited " + ms + " ms");
            assertEquals(DeliveryStatus.FAILED, out.get(0).status());
            assertEquals("timed out after 300 ms", out.get(0).error());
            assertEquals(DeliveryStatus.OK, out.get(1).status());
        }
    }

    static Dispatcher.Send send(String dest, String type, Notification n, Instant now) {
        return new Dispatcher.Send(new Delivery(UUID.randomUUID().toString(), null, dest, type, n.kind(), now,
                DeliveryStatus.PENDING, null), n, new org.aegisml.api.alerting.Destination(dest, type, Map.of(), "t", now, "t", now));
    }
}
