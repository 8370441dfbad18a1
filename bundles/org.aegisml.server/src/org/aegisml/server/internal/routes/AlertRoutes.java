package org.aegisml.server.internal.routes;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.AlertQuery;
import org.aegisml.api.alerting.AlertRule;
import org.aegisml.api.alerting.AlertScope;
import org.aegisml.api.alerting.AlertState;
import org.aegisml.api.alerting.Alerts;
import org.aegisml.api.alerting.Condition;
import org.aegisml.api.alerting.Delivery;
import org.aegisml.api.alerting.Destination;
import org.aegisml.api.alerting.DestinationSpec;
import org.aegisml.api.alerting.RuleSpec;
import org.aegisml.api.alerting.Severity;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.Metric;
import org.aegisml.api.security.Role;
import org.aegisml.server.internal.http.ApiRequest;
import org.aegisml.server.internal.http.Reply;
import org.aegisml.server.internal.http.Route;
import org.aegisml.server.internal.http.Router;

/**
 * Alert rules, destinations, firing alerts, their history and deliveries. Enums and durations
 * arrive as strings and are parsed here, so that a wrong value is answered with the list of
 * right ones rather than a JSON mapping error.
 */
public final class AlertRoutes {
    static final String BASE = "/api/v1/alerts";
    private final Alerts alerts;

    public AlertRoutes(Alerts alerts) {
        this.alerts = alerts;
    }

    public void register(Router router) {
        router.add(new Route("GET", BASE + "/rules", Role.VIEWER,
                r -> Reply.ok(Map.of("items", alerts.rules().stream().map(AlertRoutes::rule).toList()))));
        router.add(new Route("POST", BASE + "/rules", Role.OPERATOR, this::createRule));
        router.add(new Route("GET", BASE + "/rules/{id}", Role.VIEWER, r -> Reply.ok(rule(alerts.rule(r.path("id"))
                .orElseThrow(() -> new NotFoundException("id", "no alert rule with id '" + r.path("id") + "'"))))));
        router.add(new Route("PUT", BASE + "/rules/{id}", Role.OPERATOR,
                r -> Reply.ok(rule(alerts.updateRule(r.path("id"), ruleSpec(r), r.actor())))));
        router.add(new Route("DELETE", BASE + "/rules/{id}", Role.OPERATOR, r -> {
            alerts.deleteRule(r.path("id"), r.actor());
            return Reply.json(204, null);
        }));
        router.add(new Route("GET", BASE + "/destinations", Role.VIEWER,
                r -> Reply.ok(Map.of("items", alerts.destinations().stream().map(AlertRoutes::destination).toList()))));
        router.add(new Route("POST", BASE + "/destinations", Role.OPERATOR, this::createDestination));
        router.add(new Route("GET", BASE + "/destinations/{name}", Role.VIEWER, r -> Reply.ok(destination(
                alerts.destination(r.path("name")).orElseThrow(() -> new NotFoundException("name",
                        "no alert destination named '" + r.path("name") + "'"))))));
        router.add(new Route("PUT", BASE + "/destinations/{name}", Role.OPERATOR, r -> Reply.ok(destination(
                alerts.updateDestination(r.path("name"), destinationSpec(r, r.path("name")), r.actor())))));
        router.add(new Route("DELETE", BASE + "/destinations/{name}", Role.OPERATOR, r -> {
            alerts.deleteDestination(r.path("name"), r.actor());
            return Reply.json(204, null);
        }));
        router.add(new Route("POST", BASE + "/destinations/{name}/test", Role.OPERATOR,
                r -> Reply.ok(delivery(alerts.sendTest(r.path("name"), r.actor())))));
        router.add(new Route("GET", BASE, Role.VIEWER,
                r -> Reply.ok(Map.of("items", alerts.firing().stream().map(AlertRoutes::alert).toList()))));
        router.add(new Route("GET", BASE + "/history", Role.VIEWER, this::history));
        router.add(new Route("GET", BASE + "/{id}", Role.VIEWER, r -> Reply.ok(alert(alerts.alert(r.path("id"))
                .orElseThrow(() -> new NotFoundException("id", "no alert with id '" + r.path("id") + "'"))))));
        router.add(new Route("GET", BASE + "/{id}/deliveries", Role.VIEWER,
                r -> Reply.ok(Map.of("items", alerts.deliveries(r.path("id")).stream().map(AlertRoutes::delivery).toList()))));
    }

    private Reply createRule(ApiRequest r) throws IOException {
        AlertRule created = alerts.createRule(ruleSpec(r), r.actor());
        return Reply.created(BASE + "/rules/" + created.id(), rule(created));
    }

    private Reply createDestination(ApiRequest r) throws IOException {
        Destination d = alerts.createDestination(destinationSpec(r, null), r.actor());
        return Reply.created(BASE + "/destinations/" + d.name(), destination(d));
    }

    private Reply history(ApiRequest r) {
        String state = r.query("state");
        AlertState s = null;
        if (state != null) {
            s = AlertState.parse(state);
            if (s == null) throw new ValidationException("state", "state must be firing or resolved");
        }
        AlertQuery q = new AlertQuery(r.query("rule"), s, MonitoringRoutes.instant(r, "from", null), MonitoringRoutes.instant(r, "to", null), r.page());
        return Reply.ok(Views.page(alerts.history(q), a -> alert((Alert) a)));
    }

    // ---------------------------------------------------------------- input

    private static RuleSpec ruleSpec(ApiRequest r) throws IOException {
        Bodies.RuleBody b = r.json(Bodies.RuleBody.class);
        Metric metric = null;
        if (b.metric() != null) {
            metric = Metric.parse(b.metric());
            if (metric == null) {
                throw new ValidationException("metric", "unknown metric '" + b.metric() + "'; one of "
                        + String.join(", ", Arrays.stream(Metric.values()).map(Metric::wire).toList()));
            }
        }
        Condition condition = null;
        if (b.condition() != null) {
            condition = Condition.parse(b.condition());
            if (condition == null) throw new ValidationException("condition", "condition must be gt, gte, lt or lte");
        }
        Severity severity = null;
        if (b.severity() != null) {
            severity = Severity.parse(b.severity());
            if (severity == null) throw new ValidationException("severity", "severity must be info, warning or critical");
        }
        AlertScope scope = null;
        if (b.scope() != null) {
            Arm arm = null;
            if (b.scope().arm() != null) {
                try {
                    arm = Arm.valueOf(b.scope().arm().strip().toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new ValidationException("scope.arm", "scope.arm must be one of stable, canary, shadow, a, b");
                }
            }
            scope = new AlertScope(b.scope().model(), b.scope().version(), b.scope().endpoint(), arm);
        }
        return new RuleSpec(b.name(), metric, condition, b.threshold(), duration("window", b.window()), severity, scope,
                duration("renotify", b.renotify()), b.destinations(), b.enabled());
    }

    private static DestinationSpec destinationSpec(ApiRequest r, String pathName) throws IOException {
        Bodies.DestinationBody b = r.json(Bodies.DestinationBody.class);
        return new DestinationSpec(b.name() == null ? pathName : b.name(), b.channel(), b.settings());
    }

    /**
     * {@code 300} (seconds), {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601
     * ({@code PT5M}); null stays null (the service applies its default or says it is required).
     */
    static Duration duration(String field, String v) {
        if (v == null) return null;
        String s = v.strip();
        try {
            if (s.startsWith("P") || s.startsWith("p")) return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
            char unit = s.charAt(s.length() - 1);
            if (Character.isDigit(unit)) return Duration.ofSeconds(Long.parseLong(s));
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (Character.toLowerCase(unit)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new ValidationException(field, field + " must look like 300, 30s, 5m, 1h, 1d or PT5M, not '" + v + "'");
        }
    }

    // ---------------------------------------------------------------- output

    static Map<String, Object> rule(AlertRule x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", x.id());
        m.put("name", x.name());
        m.put("metric", x.metric().wire());
        m.put("condition", x.condition().wire());
        m.put("threshold", x.threshold());
        m.put("window", x.window().toString());
        m.put("window_seconds", x.window().toSeconds());
        m.put("severity", x.severity().wire());
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("model", x.scope().model());
        scope.put("version", x.scope().version());
        scope.put("endpoint", x.scope().endpoint());
        scope.put("arm", x.scope().arm() == null ? null : x.scope().arm().wire());
        m.put("scope", scope);
        m.put("renotify", x.renotify().toString());
        m.put("renotify_seconds", x.renotify().toSeconds());
        m.put("destinations", x.destinations());
        m.put("enabled", x.enabled());
        m.put("created_by", x.createdBy());
        m.put("created_at", x.createdAt());
        m.put("updated_by", x.updatedBy());
        m.put("updated_at", x.updatedAt());
        return m;
    }

    static Map<String, Object> destination(Destination d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("channel", d.channel());
        m.put("settings", d.settings());
        m.put("created_by", d.createdBy());
        m.put("created_at", d.createdAt());
        m.put("updated_by", d.updatedBy());
        m.put("updated_at", d.updatedAt());
        return m;
    }

    static Map<String, Object> alert(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("rule_id", a.ruleId());
        m.put("rule_name", a.ruleName());
        m.put("severity", a.severity().wire());
        m.put("state", a.state().wire());
        m.put("started_at", a.startedAt());
        m.put("resolved_at", a.resolvedAt());
        m.put("last_value", a.lastValue());
        m.put("last_evaluated_at", a.lastEvaluatedAt());
        m.put("last_notified_at", a.lastNotifiedAt());
        m.put("notifications", a.notifications());
        return m;
    }

    static Map<String, Object> delivery(Delivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("alert_id", d.alertId());
        m.put("destination", d.destination());
        m.put("channel", d.channel());
        m.put("kind", d.kind().wire());
        m.put("at", d.at());
        m.put("status", d.status().wire());
        m.put("error", d.error());
        return m;
    }
}
