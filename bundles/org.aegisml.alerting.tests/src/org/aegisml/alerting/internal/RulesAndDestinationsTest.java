package org.aegisml.alerting.internal;

import static org.aegisml.alerting.internal.Fixtures.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.aegisml.alerting.internal.Fixtures.Recorder;
import org.aegisml.alerting.internal.channels.WebhookChannel;
import org.aegisml.api.AegisException;
import org.aegisml.api.ConflictException;
import org.aegisml.api.ForbiddenException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.AlertRule;
import org.aegisml.api.alerting.AlertScope;
import org.aegisml.api.alerting.Alerts;
import org.aegisml.api.alerting.Condition;
import org.aegisml.api.alerting.Delivery;
import org.aegisml.api.alerting.DeliveryStatus;
import org.aegisml.api.alerting.Destination;
import org.aegisml.api.alerting.DestinationSpec;
import org.aegisml.api.alerting.EvaluationReport;
import org.aegisml.api.alerting.NotificationKind;
import org.aegisml.api.alerting.RuleSpec;
import org.aegisml.api.alerting.Severity;
import org.aegisml.api.audit.AuditEntry;
import org.aegisml.api.audit.AuditLog;
import org.aegisml.api.audit.AuditQuery;
import org.aegisml.api.monitoring.Metric;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Validation, masking, audit, test sends, and two evaluators racing over one database. */
class RulesAndDestinationsTest {
    static Alerts alerts;
    static Recorder http;

    @BeforeAll
    static void start() throws Exception {
        Fixtures.runtime();
        alerts = Fixtures.alerts();
        http = Fixtures.recorder();
    }

    static RuleSpec spec(String name, String model, List<String> dests) {
        return new RuleSpec(name, Metric.ERROR_RATE, Condition.GT, 0.2, Duration.ofMinutes(5), Severity.WARNING,
                new AlertScope(model, null, null, null), Duration.ofMinutes(10), dests, true);
    }

    static String field(Class<? extends AegisException> type, Runnable r) {
        return assertThrows(type, r::run).field();
    }

    @Test
    void badRulesAreRefusedNamingTheField() {
        String m = Fixtures.model();
        RuleSpec ok = spec("ok-" + m, m, List.of());
        assertEquals("name", field(ValidationException.class, () -> alerts.createRule(spec("bad name!", m, List.of()), OPERATOR)));
        assertEquals("metric", field(ValidationException.class, () -> alerts.createRule(new RuleSpec(ok.name(), null,
                ok.condition(), ok.threshold(), ok.window(), null, ok.scope(), null, null, null), OPERATOR)));
        assertEquals("condition", field(ValidationException.class, () -> alerts.createRule(new RuleSpec(ok.name(),
                ok.metric(), null, ok.threshold(), ok.window(), null, ok.scope(), null, null, null), OPERATOR)));
        assertEquals("threshold", field(ValidationException.class, () -> alerts.createRule(new RuleSpec(ok.name(),
                ok.metric(), ok.condition(), Double.NaN, ok.window(), null, ok.scope(), null, null, null), OPERATOR)));
        assertEquals("window", field(ValidationException.class, () -> alerts.createRule(new RuleSpec(ok.name(),
                ok.metric(), ok.condition(), 1.0, Duration.ofSeconds(30), null, ok.scope(), null, null, null), OPERATOR)));
        assertEquals("renotify", field(ValidationException.class, () -> alerts.createRule(new RuleSpec(ok.name(),
                ok.metric(), ok.condition(), 1.0, ok.window(), null, ok.scope(), Duration.ofSeconds(5), null, null), OPERATOR)));
        assertEquals("scope.model", field(ValidationException.class, () -> alerts.createRule(spec("x-" + m, "no-such-model",
                List.of()), OPERATOR)));
        assertEquals("scope.version", field(ValidationException.class, () -> alerts.createRule(new RuleSpec(ok.name(),
                ok.metric(), ok.condition(), 1.0, ok.window(), null, new AlertScope(m, 9, null, null), null, null, null),
                OPERATOR)));
        assertEquals("destinations", field(ValidationException.class, () -> alerts.createRule(spec("x-" + m, m,
                List.of("nowhere")), OPERATOR)));
        assertThrows(ForbiddenException.class, () -> alerts.createRule(ok, Fixtures.VIEWER));
        AlertRule created = alerts.createRule(ok, OPERATOR);
        assertEquals("name", field(ConflictException.class, () -> alerts.createRule(ok, OPERATOR)));
        assertEquals("id", field(NotFoundException.class, () -> alerts.updateRule("nope", ok, OPERATOR)));
        assertEquals("id", field(NotFoundException.class, () -> alerts.deleteRule("nope", OPERATOR)));
        alerts.deleteRule(created.id(), OPERATOR);
    }

    @Test
    void destinationsAreValidatedMaskedAuditedAndProtectedWhileUsed() throws Exception {
        String m = Fixtures.model();
        String name = "hook-" + m, path = "/masked/" + m;
        assertEquals("settings.url", field(ValidationException.class, () -> alerts.createDestination(
                new DestinationSpec(name, "webhook", Map.of("url", "ftp://example.com/x")), OPERATOR)));
        assertEquals("settings.url", field(ValidationException.class, () -> alerts.createDestination(
                new DestinationSpec(name, "slack", Map.of()), OPERATOR)));
        assertEquals("settings.secret", field(ValidationException.class, () -> alerts.createDestination(
                new DestinationSpec(name, "webhook", Map.of("url", http.url(path), "secret", "short")), OPERATOR)));
        assertEquals("settings.header.Host", field(ValidationException.class, () -> alerts.createDestination(
                new DestinationSpec(name, "webhook", Map.of("url", http.url(path), "header.Host", "x")), OPERATOR)));
        assertEquals("channel", field(ValidationException.class, () -> alerts.createDestination(
                new DestinationSpec(name, "pagerduty", Map.of()), OPERATOR)));
        assertEquals("channel", field(ValidationException.class, () -> alerts.createDestination(
                new DestinationSpec(name, null, Map.of()), OPERATOR)));
        java.util.HashMap<String, String> nullValue = new java.util.HashMap<>();
        nullValue.put("url", null);
        assertEquals("settings.url", field(ValidationException.class, () -> alerts.createDestination(
                new DestinationSpec(name, "webhook", nullValue), OPERATOR)));

        String secret = "the-real-secret-123456";
        Destination d = alerts.createDestination(new DestinationSpec(name, "webhook", Map.of("url", http.url(path),
                "secret", secret, "header.Authorization", "Bearer xyz")), OPERATOR);
        assertEquals(Destination.MASK, d.settings().get("url"));
        assertEquals(Destination.MASK, d.settings().get("secret"));
        assertEquals(Destination.MASK, d.settings().get("header.Authorization"));
        Destination listed = alerts.destinations().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        assertEquals(d.settings(), listed.settings());
        assertEquals("name", field(ConflictException.class, () -> alerts.createDestination(
                new DestinationSpec(name, "webhook", Map.of("url", http.url(path))), OPERATOR)));

        // Sent back masked, the secrets are kept; the new header value is taken.
        alerts.updateDestination(name, new DestinationSpec(name, "webhook", Map.of("url", Destination.MASK, "secret",
                Destination.MASK, "header.Authorization", "Bearer new")), OPERATOR);
        Delivery test = alerts.sendTest(name, OPERATOR);
        assertEquals(DeliveryStatus.OK, test.status(), String.valueOf(test.error()));
        assertEquals(NotificationKind.TEST, test.kind());
        Fixtures.Request r = http.at(path).get(0);
        assertEquals("Bearer new", r.header("Authorization"));
        assertEquals("sha256=" + WebhookChannel.sign(secret, r.body()), r.header("X-AegisML-Signature"));
        assertTrue(r.text().contains("\"kind\":\"test\""), r.text());

        AlertRule rule = alerts.createRule(spec("uses-" + m, m, List.of(name)), OPERATOR);
        assertEquals("name", field(ConflictException.class, () -> alerts.deleteDestination(name, OPERATOR)));
        alerts.deleteRule(rule.id(), OPERATOR);
        alerts.deleteDestination(name, OPERATOR);
        assertFalse(alerts.destination(name).isPresent());
        assertEquals("name", field(NotFoundException.class, () -> alerts.sendTest(name, OPERATOR)));

        AuditLog audit = TestRuntime.service(AuditLog.class);
        List<AuditEntry> entries = audit.list(new AuditQuery(null, null, "alerts/destinations/" + name, null, null, null)).items();
        assertEquals(List.of("alert.destination.create", "alert.destination.delete", "alert.destination.update"),
                entries.stream().map(AuditEntry::action).sorted().toList());
        for (AuditEntry e : entries) {
            String text = e.before() + " " + e.after();
            assertFalse(text.contains(secret) || text.contains("Bearer") || text.contains("/masked/"),
                    "no secret in the audit log: " + text);
        }
        List<AuditEntry> ruleEntries = audit.list(new AuditQuery(null, null, "alerts/rules/" + rule.id(), null, null, null))
                .items();
        assertEquals(List.of("alert.rule.create", "alert.rule.delete"), ruleEntries.stream().map(AuditEntry::action).sorted().toList());
        assertTrue(ruleEntries.stream().allMatch(e -> e.actor().equals("olga")));
    }

    /** A second server process, as far as the database can tell: its own service over the same store. */
    static AlertService replica() {
        AlertService.Config config = new AlertService.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AlertService.Config.class;
            }

            @Override
            public int evaluationIntervalSeconds() {
                return 0;
            }

            @Override
            public int channelTimeoutSeconds() {
                return 5;
            }
        };
        AlertService s = new AlertService(Fixtures.store(), Fixtures.monitoring(), Fixtures.registry(), config);
        s.addChannel(new WebhookChannel());
        return s;
    }

    @Test
    void twoReplicasEvaluatingAtOnceNotifyOnce() throws Exception {
        String m = Fixtures.model();
        String path = "/replicas/" + m;
        alerts.createDestination(new DestinationSpec("rep-" + m, "webhook", Map.of("url", http.url(path))), OPERATOR);
        AlertRule rule = alerts.createRule(new RuleSpec("rep-" + m, Metric.ERRORS, Condition.GT, 0.0, Duration.ofMinutes(5),
                Severity.CRITICAL, new AlertScope(m, null, null, null), Duration.ofMinutes(2), List.of("rep-" + m), true),
                OPERATOR);
        Instant t0 = Fixtures.base();
        Fixtures.traffic(m, t0, 1, 0);
        Fixtures.traffic(m, t0.plus(Duration.ofMinutes(3)), 1, 0);
        AlertService a = replica(), b = replica();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int minute = 1; minute <= 4; minute++) {
                Instant at = t0.plus(Duration.ofMinutes(minute));
                List<Callable<Object>> both = List.of(() -> a.evaluate(at), () -> b.evaluate(at));
                List<Future<Object>> fs = new ArrayList<>(pool.invokeAll(both));
                for (Future<Object> f : fs) f.get();
            }
        } finally {
            pool.shutdownNow();
            a.stop();
            b.stop();
        }
        List<String> kinds = http.at(path).stream().map(r -> r.text().replaceAll(".*\"kind\":\"([a-z]+)\".*", "$1")).toList();
        assertEquals(List.of("firing", "renotify"), kinds, "one firing at minute 1, one re-notification at minute 3");
        Alert open = alerts.firing().stream().filter(x -> x.ruleId().equals(rule.id())).findFirst().orElseThrow();
        assertEquals(2, open.notifications());
        assertEquals(2, alerts.deliveries(open.id()).size());
        alerts.deleteRule(rule.id(), OPERATOR);
    }

    /**
     * Another replica, played by a raw connection, holds the rule's row lock and opens the
     * episode itself. This service's evaluation must wait for that transaction, then see the
     * episode it committed and send nothing: that is what keeps two replicas from notifying twice.
     */
    @Test
    void anEvaluationWaitsForTheRuleLockAndRespectsWhatTheHolderCommitted() throws Exception {
        String m = Fixtures.model();
        String path = "/locked/" + m;
        alerts.createDestination(new DestinationSpec("lock-" + m, "webhook", Map.of("url", http.url(path))), OPERATOR);
        AlertRule rule = alerts.createRule(spec("lock-" + m, m, List.of("lock-" + m)), OPERATOR);
        Instant t0 = Fixtures.base();
        Fixtures.traffic(m, t0, 1, 0);
        Instant at = t0.plus(Duration.ofMinutes(1));
        String episode = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection c = TestRuntime.rawConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM alert_rule WHERE id = ? FOR UPDATE")) {
                ps.setString(1, rule.id());
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                }
            }
            Future<EvaluationReport> pass = pool.submit(() -> alerts.evaluate(at));
            Thread.sleep(700);
            assertFalse(pass.isDone(), "the evaluation waits for the rule's row lock");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_episode (id, rule_id, open_rule_id, rule_name, "
                    + "severity, state, started_at, last_value, last_evaluated_at, last_notified_at, notifications) "
                    + "VALUES (?, ?, ?, ?, 'WARNING', 'FIRING', ?, 1.0, ?, ?, 1)")) {
                ps.setString(1, episode);
                ps.setString(2, rule.id());
                ps.setString(3, rule.id());
                ps.setString(4, rule.name());
                ps.setObject(5, at.atOffset(ZoneOffset.UTC));
                ps.setObject(6, at.atOffset(ZoneOffset.UTC));
                ps.setObject(7, at.atOffset(ZoneOffset.UTC));
                ps.executeUpdate();
            }
            c.commit();
            pass.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, http.at(path).size(), "the other replica already notified; this one stays quiet");
        Alert open = alerts.firing().stream().filter(x -> x.ruleId().equals(rule.id())).findFirst().orElseThrow();
        assertEquals(episode, open.id(), "no second episode");
        assertEquals(1, open.notifications());
        assertEquals(0, alerts.deliveries(episode).size());
        alerts.deleteRule(rule.id(), OPERATOR);
    }
}
