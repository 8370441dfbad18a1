package org.aegisml.alerting.internal;

import static org.aegisml.alerting.internal.Fixtures.OPERATOR;
import static org.aegisml.alerting.internal.Fixtures.traffic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.aegisml.alerting.internal.Fixtures.Recorder;
import org.aegisml.alerting.internal.Fixtures.Request;
import org.aegisml.alerting.internal.channels.WebhookChannel;
import org.aegisml.api.PageRequest;
import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.AlertQuery;
import org.aegisml.api.alerting.AlertRule;
import org.aegisml.api.alerting.AlertScope;
import org.aegisml.api.alerting.AlertState;
import org.aegisml.api.alerting.Alerts;
import org.aegisml.api.alerting.Condition;
import org.aegisml.api.alerting.Delivery;
import org.aegisml.api.alerting.DeliveryStatus;
import org.aegisml.api.alerting.DestinationSpec;
import org.aegisml.api.alerting.NotificationKind;
import org.aegisml.api.alerting.RuleSpec;
import org.aegisml.api.alerting.Severity;
import org.aegisml.api.monitoring.Metric;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The whole loop inside OSGi: real events through Monitoring, a rule over them, the service
 * Declarative Services wires (with the Slack and webhook channels as whiteboard services)
 * delivering to a local HTTP server that checks the payloads, on a clock the test chooses.
 */
class AlertingIntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "shared-secret-0123456789";
    static Alerts alerts;
    static Recorder http;

    @BeforeAll
    static void start() throws Exception {
        Fixtures.runtime();
        alerts = Fixtures.alerts();
        http = Fixtures.recorder();
    }

    static JsonNode json(Request r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void alertFiresOnceReNotifiesAfterItsIntervalResolves() throws Exception {
        String m = Fixtures.model();
        String hookPath = "/hook/" + m, slackPath = "/slack/" + m;
        alerts.createDestination(new DestinationSpec("hook-" + m, "webhook", Map.of("url", http.url(hookPath), "secret", SECRET,
                "header.X-Team", "ml-ops")), OPERATOR);
        alerts.createDestination(new DestinationSpec("slack-" + m, "slack", Map.of("url", http.url(slackPath))), OPERATOR);
        AlertRule rule = alerts.createRule(new RuleSpec("errors-" + m, Metric.ERROR_RATE, Condition.GT, 0.2,
                Duration.ofMinutes(5), Severity.CRITICAL, new AlertScope(m, null, null, null), Duration.ofMinutes(10),
                List.of("hook-" + m, "slack-" + m), true), OPERATOR);
        Instant t0 = Fixtures.base();
        traffic(m, t0.plusSeconds(30), 5, 5);

        alerts.evaluate(t0.plus(Duration.ofMinutes(1)));
        List<Request> hooks = http.at(hookPath);
        assertEquals(1, hooks.size(), "fired once");
        assertEquals(1, http.at(slackPath).size());
        Request fired = hooks.get(0);
        JsonNode p = json(fired);
        assertEquals("aegisml.alert.v1", p.get("schema").asText());
        assertEquals("firing", p.get("kind").asText());
        assertEquals("errors-" + m, p.get("rule_name").asText());
        assertEquals(rule.id(), p.get("rule_id").asText());
        assertEquals("critical", p.get("severity").asText());
        assertEquals(m, p.get("scope").get("model").asText());
        assertTrue(p.get("scope").get("version").isNull());
        assertEquals("error_rate", p.get("metric").asText());
        assertEquals("gt", p.get("condition").asText());
        assertEquals(0.2, p.get("threshold").asDouble());
        assertEquals(0.5, p.get("value").asDouble(), 1e-9);
        assertEquals(300, p.get("window_seconds").asInt());
        assertEquals(t0.plus(Duration.ofMinutes(1)).toString(), p.get("started_at").asText());
        assertTrue(p.get("resolved_at").isNull());
        assertTrue(p.get("message").asText().contains("error_rate is 0.5"), p.get("message").asText());
        assertEquals("sha256=" + WebhookChannel.sign(SECRET, fired.body()), fired.header("X-AegisML-Signature"),
                "the signature covers the exact body");
        assertEquals("ml-ops", fired.header("X-Team"));
        assertEquals("firing", fired.header("X-AegisML-Event"));
        assertTrue(fired.header("Content-Type").startsWith("application/json"));

        JsonNode slack = json(http.at(slackPath).get(0));
        assertTrue(slack.get("text").asText().contains("FIRING: errors-" + m), slack.toString());
        JsonNode blocks = slack.get("blocks");
        assertEquals("header", blocks.get(0).get("type").asText());
        assertEquals("plain_text", blocks.get(0).get("text").get("type").asText());
        assertEquals("section", blocks.get(1).get("type").asText());
        assertEquals("mrkdwn", blocks.get(1).get("text").get("type").asText());
        assertEquals(4, blocks.get(2).get("fields").size());
        assertEquals("context", blocks.get(3).get("type").asText());

        List<Alert> firing = alerts.firing().stream().filter(a -> a.ruleId().equals(rule.id())).toList();
        assertEquals(1, firing.size());
        Alert episode = firing.get(0);
        assertEquals(AlertState.FIRING, episode.state());

        alerts.evaluate(t0.plus(Duration.ofMinutes(2)));
        alerts.evaluate(t0.plus(Duration.ofMinutes(5)));
        assertEquals(1, http.at(hookPath).size(), "deduplicated while firing");
        assertEquals(1, http.at(slackPath).size());

        traffic(m, t0.plus(Duration.ofMinutes(8)), 3, 2);
        alerts.evaluate(t0.plus(Duration.ofMinutes(10)));
        assertEquals(1, http.at(hookPath).size(), "nine minutes after the notification: not yet");
        alerts.evaluate(t0.plus(Duration.ofMinutes(11)));
        assertEquals(2, http.at(hookPath).size(), "re-notified after ten minutes");
        assertEquals(2, http.at(slackPath).size());
        JsonNode again = json(http.at(hookPath).get(1));
        assertEquals("renotify", again.get("kind").asText());
        assertEquals(0.6, again.get("value").asDouble(), 1e-9);
        assertEquals(episode.id(), again.get("alert_id").asText());
        alerts.evaluate(t0.plus(Duration.ofMinutes(12)));
        assertEquals(2, http.at(hookPath).size());

        traffic(m, t0.plus(Duration.ofMinutes(16)), 0, 10);
        alerts.evaluate(t0.plus(Duration.ofMinutes(20)));
        assertEquals(3, http.at(hookPath).size(), "resolved once the window has no errors");
        JsonNode resolved = json(http.at(hookPath).get(2));
        assertEquals("resolved", resolved.get("kind").asText());
        assertEquals(0.0, resolved.get("value").asDouble());
        assertEquals(t0.plus(Duration.ofMinutes(20)).toString(), resolved.get("resolved_at").asText());
        assertTrue(json(http.at(slackPath).get(2)).get("text").asText().contains("RESOLVED"));
        alerts.evaluate(t0.plus(Duration.ofMinutes(21)));
        alerts.evaluate(t0.plus(Duration.ofMinutes(40)));
        assertEquals(3, http.at(hookPath).size(), "resolved stays quiet");
        assertEquals(3, http.at(slackPath).size());

        assertTrue(alerts.firing().stream().noneMatch(a -> a.ruleId().equals(rule.id())));
        var history = alerts.history(new AlertQuery(rule.id(), null, null, null, PageRequest.first()));
        assertEquals(1, history.total());
        Alert done = history.items().get(0);
        assertEquals(episode.id(), done.id());
        assertEquals(AlertState.RESOLVED, done.state());
        assertEquals(t0.plus(Duration.ofMinutes(1)), done.startedAt());
        assertEquals(t0.plus(Duration.ofMinutes(20)), done.resolvedAt());
        assertEquals(3, done.notifications());
        assertEquals(0.0, done.lastValue());
        assertEquals(1, alerts.history(new AlertQuery(rule.id(), AlertState.RESOLVED, t0, t0.plus(Duration.ofHours(1)),
                PageRequest.first())).total());
        assertEquals(0, alerts.history(new AlertQuery(rule.id(), AlertState.FIRING, null, null, PageRequest.first())).total());
        assertEquals(0, alerts.history(new AlertQuery(rule.id(), null, t0.plus(Duration.ofMinutes(2)), null,
                PageRequest.first())).total(), "started before the range");

        List<Delivery> deliveries = alerts.deliveries(episode.id());
        assertEquals(6, deliveries.size());
        assertTrue(deliveries.stream().allMatch(d -> d.status() == DeliveryStatus.OK), deliveries.toString());
        assertEquals(List.of(NotificationKind.FIRING, NotificationKind.FIRING, NotificationKind.RENOTIFY,
                NotificationKind.RENOTIFY, NotificationKind.RESOLVED, NotificationKind.RESOLVED),
                deliveries.stream().map(Delivery::kind).toList());
        assertEquals(List.of("hook-" + m, "slack-" + m), deliveries.subList(0, 2).stream().map(Delivery::destination).sorted().toList());
        alerts.deleteRule(rule.id(), OPERATOR);
    }

    @Test
    void anAnomalyRuleFiresOnASurgeAndResolvesWhenTrafficIsBackToNormal() throws Exception {
        String m = Fixtures.model();
        String hookPath = "/anomaly/" + m;
        alerts.createDestination(new DestinationSpec("anomaly-" + m, "webhook", Map.of("url", http.url(hookPath))), OPERATOR);
        AlertRule rule = alerts.createRule(new RuleSpec("surge-" + m, Metric.COUNT, Condition.ANOMALY, 3.5,
                Duration.ofMinutes(1), Severity.WARNING, new AlertScope(m, null, null, null), Duration.ZERO,
                List.of("anomaly-" + m), true), OPERATOR);
        Instant t0 = Fixtures.base();
        // Twenty quiet minutes of 9 to 11 events, then a minute of 60.
        for (int minute = 0; minute < 20; minute++) traffic(m, t0.plus(Duration.ofMinutes(minute)), 0, 9 + minute % 3);
        traffic(m, t0.plus(Duration.ofMinutes(20)), 0, 60);
        traffic(m, t0.plus(Duration.ofMinutes(21)), 0, 10);

        alerts.evaluate(t0.plus(Duration.ofMinutes(20)).plusSeconds(30));
        assertEquals(0, http.at(hookPath).size(), "minute 19 was ordinary; minute 20 is not complete yet");
        alerts.evaluate(t0.plus(Duration.ofMinutes(21)).plusSeconds(5));
        assertEquals(1, http.at(hookPath).size(), "the surge minute is an anomaly");
        JsonNode p = json(http.at(hookPath).get(0));
        assertEquals("anomaly", p.get("condition").asText());
        assertTrue(p.get("value").asDouble() > 3.5, p.toString());
        alerts.evaluate(t0.plus(Duration.ofMinutes(22)).plusSeconds(5));
        assertEquals(2, http.at(hookPath).size());
        assertEquals("resolved", json(http.at(hookPath).get(1)).get("kind").asText());
        alerts.deleteRule(rule.id(), OPERATOR);
    }

    @Test
    void aDestinationWithoutTrafficOrBreachStaysQuiet() throws Exception {
        String m = Fixtures.model();
        String path = "/quiet/" + m;
        alerts.createDestination(new DestinationSpec("quiet-" + m, "webhook", Map.of("url", http.url(path))), OPERATOR);
        AlertRule rule = alerts.createRule(new RuleSpec("latency-" + m, Metric.LATENCY_P95, Condition.GT, 500.0,
                Duration.ofMinutes(5), null, new AlertScope(m, 1, null, null), null, List.of("quiet-" + m), null), OPERATOR);
        assertEquals(Severity.WARNING, rule.severity(), "default severity");
        assertTrue(rule.enabled());
        assertEquals(Duration.ZERO, rule.renotify());
        Instant t0 = Fixtures.base();
        alerts.evaluate(t0.plus(Duration.ofMinutes(1)));
        traffic(m, t0.plus(Duration.ofMinutes(1)), 0, 20);
        alerts.evaluate(t0.plus(Duration.ofMinutes(3)));
        assertEquals(0, http.at(path).size());
        assertEquals(0, alerts.history(new AlertQuery(rule.id(), null, null, null, null)).total());
        alerts.deleteRule(rule.id(), OPERATOR);
    }

    @Test
    void disablingAFiringRuleClosesItsEpisodeQuietly() throws Exception {
        String m = Fixtures.model();
        String path = "/disable/" + m;
        alerts.createDestination(new DestinationSpec("dis-" + m, "webhook", Map.of("url", http.url(path))), OPERATOR);
        RuleSpec spec = new RuleSpec("dis-" + m, Metric.ERRORS, Condition.GTE, 1.0, Duration.ofMinutes(5), Severity.INFO,
                new AlertScope(m, null, null, null), Duration.ZERO, List.of("dis-" + m), true);
        AlertRule rule = alerts.createRule(spec, OPERATOR);
        Instant t0 = Fixtures.base();
        traffic(m, t0, 2, 0);
        alerts.evaluate(t0.plus(Duration.ofMinutes(1)));
        assertEquals(1, http.at(path).size());
        alerts.updateRule(rule.id(), new RuleSpec(spec.name(), spec.metric(), spec.condition(), spec.threshold(), spec.window(),
                spec.severity(), spec.scope(), spec.renotify(), spec.destinations(), false), OPERATOR);
        assertTrue(alerts.firing().stream().noneMatch(a -> a.ruleId().equals(rule.id())));
        Alert closed = alerts.history(new AlertQuery(rule.id(), null, null, null, null)).items().get(0);
        assertEquals(AlertState.RESOLVED, closed.state());
        alerts.evaluate(t0.plus(Duration.ofMinutes(2)));
        assertEquals(1, http.at(path).size(), "a disabled rule neither resolves loudly nor fires again");
        alerts.deleteRule(rule.id(), OPERATOR);
        assertFalse(alerts.rule(rule.id()).isPresent());
        assertTrue(alerts.alert(closed.id()).isPresent(), "the history outlives the rule");
    }

    static String body(Request r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }
}
