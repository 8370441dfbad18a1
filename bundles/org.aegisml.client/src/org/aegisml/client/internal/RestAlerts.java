package org.aegisml.client.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.aegisml.api.Page;
import org.aegisml.api.ValidationException;
import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.AlertQuery;
import org.aegisml.api.alerting.AlertRule;
import org.aegisml.api.alerting.Alerts;
import org.aegisml.api.alerting.Delivery;
import org.aegisml.api.alerting.Destination;
import org.aegisml.api.alerting.DestinationSpec;
import org.aegisml.api.alerting.EvaluationReport;
import org.aegisml.api.alerting.RuleSpec;
import org.aegisml.api.security.Actor;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link Alerts} over {@code /api/v1/alerts}. The server writes rules, destinations, alerts and
 * deliveries field for field, so they are read as the records themselves (durations arrive
 * ISO-8601; the extra {@code window_seconds} and {@code renotify_seconds} are ignored).
 * Destinations come back with their secret settings masked. The {@code Actor} arguments are
 * ignored: the server knows the caller from the connection's key. {@link #evaluate} is the
 * server's own scheduled pass and is not offered.
 */
final class RestAlerts implements Alerts {
    static final String BASE = "/api/v1/alerts";
    private final RestClient http;

    RestAlerts(RestClient http) {
        this.http = http;
    }

    @Override
    public AlertRule createRule(RuleSpec spec, Actor actor) {
        return Wire.read(http.send("POST", BASE + "/rules", rule(spec)), AlertRule.class);
    }

    @Override
    public AlertRule updateRule(String id, RuleSpec spec, Actor actor) {
        return Wire.read(http.send("PUT", rulePath(id), rule(spec)), AlertRule.class);
    }

    @Override
    public void deleteRule(String id, Actor actor) {
        http.delete(rulePath(id));
    }

    @Override
    public Optional<AlertRule> rule(String id) {
        return Remote.optional(() -> Wire.read(http.get(rulePath(id)), AlertRule.class), "id");
    }

    @Override
    public List<AlertRule> rules() {
        return Wire.items(http.get(BASE + "/rules"), AlertRule.class);
    }

    @Override
    public Destination createDestination(DestinationSpec spec, Actor actor) {
        return Wire.read(http.send("POST", BASE + "/destinations", destination(spec)), Destination.class);
    }

    @Override
    public Destination updateDestination(String name, DestinationSpec spec, Actor actor) {
        return Wire.read(http.send("PUT", destinationPath(name), destination(spec)), Destination.class);
    }

    @Override
    public void deleteDestination(String name, Actor actor) {
        http.delete(destinationPath(name));
    }

    @Override
    public Optional<Destination> destination(String name) {
        return Remote.optional(() -> Wire.read(http.get(destinationPath(name)), Destination.class), "name");
    }

    @Override
    public List<Destination> destinations() {
        return Wire.items(http.get(BASE + "/destinations"), Destination.class);
    }

    @Override
    public List<Alert> firing() {
        return Wire.items(http.get(BASE), Alert.class);
    }

    @Override
    public Page<Alert> history(AlertQuery q) {
        AlertQuery query = q == null ? new AlertQuery(null, null, null, null, null) : q;
        Query params = Query.of().add("rule", query.ruleId()).add("state", query.state() == null ? null : query.state().wire())
                .add("from", query.from()).add("to", query.to()).page(query.page());
        return Wire.page(http.get(params.on(BASE + "/history")), n -> Wire.read(n, Alert.class));
    }

    @Override
    public Optional<Alert> alert(String id) {
        return Remote.optional(() -> Wire.read(http.get(BASE + "/" + RestClient.seg("id", id)), Alert.class), "id");
    }

    @Override
    public List<Delivery> deliveries(String alertId) {
        return Wire.items(http.get(BASE + "/" + RestClient.seg("id", alertId) + "/deliveries"), Delivery.class);
    }

    @Override
    public Delivery sendTest(String destination, Actor actor) {
        return Wire.read(http.send("POST", destinationPath(destination) + "/test", null), Delivery.class);
    }

    @Override
    public EvaluationReport evaluate(Instant now) {
        throw Remote.serverOnly("Alerts.evaluate (the scheduled evaluation pass)");
    }

    /** Enums by wire name and durations ISO-8601, as AlertRoutes parses them. */
    private static ObjectNode rule(RuleSpec s) {
        if (s == null) throw new ValidationException("body", "a rule is required");
        ObjectNode n = Wire.object();
        n.put("name", s.name());
        n.put("metric", s.metric() == null ? null : s.metric().wire());
        n.put("condition", s.condition() == null ? null : s.condition().wire());
        n.put("threshold", s.threshold());
        n.put("window", Wire.duration(s.window()));
        n.put("severity", s.severity() == null ? null : s.severity().wire());
        if (s.scope() != null) {
            ObjectNode scope = n.putObject("scope");
            scope.put("model", s.scope().model());
            scope.put("version", s.scope().version());
            scope.put("endpoint", s.scope().endpoint());
            scope.put("arm", s.scope().arm() == null ? null : s.scope().arm().wire());
        }
        n.put("renotify", Wire.duration(s.renotify()));
        if (s.destinations() != null) n.set("destinations", Wire.tree(s.destinations()));
        n.put("enabled", s.enabled());
        return n;
    }

    private static ObjectNode destination(DestinationSpec s) {
        if (s == null) throw new ValidationException("body", "a destination is required");
        ObjectNode n = Wire.object();
        n.put("name", s.name());
        n.put("channel", s.channel());
        n.set("settings", Wire.tree(s.settings()));
        return n;
    }

    private static String rulePath(String id) {
        return BASE + "/rules/" + RestClient.seg("id", id);
    }

    private static String destinationPath(String name) {
        return BASE + "/destinations/" + RestClient.seg("name", name);
    }

    @Override
    public String toString() {
        return "RestAlerts[" + http.server() + "]";
    }
}
