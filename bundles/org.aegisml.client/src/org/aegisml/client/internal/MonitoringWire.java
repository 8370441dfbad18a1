package org.aegisml.client.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.Event;
import org.aegisml.api.monitoring.Metric;
import org.aegisml.api.monitoring.MetricSeries;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The event contract and the series view of the server's {@code MonitoringRoutes}. */
final class MonitoringWire {
    private MonitoringWire() {
    }

    /** One event as the server's event parser reads it; unset fields are left out. */
    static ObjectNode event(Event e) {
        ObjectNode n = Wire.object();
        if (e.eventId() != null) n.put("event_id", e.eventId());
        if (e.projectId() != null) n.put("project_id", e.projectId());
        n.put("model_id", e.model());
        if (e.modelVersion() != null) n.put("model_version", e.modelVersion());
        if (e.endpoint() != null) n.put("endpoint", e.endpoint());
        if (e.timestamp() != null) n.put("timestamp", e.timestamp().toString());
        if (e.latencyMs() != null) n.put("latency_ms", e.latencyMs());
        n.put("status", e.error() ? "error" : "ok");
        if (e.arm() != null) n.put("arm", e.arm().wire());
        if (e.yPred() != null) n.set("y_pred", Wire.tree(e.yPred()));
        if (e.yProba() != null) n.set("y_proba", Wire.tree(e.yProba()));
        if (e.yTrue() != null) n.set("y_true", Wire.tree(e.yTrue()));
        if (!e.features().isEmpty()) n.set("features", Wire.tree(e.features()));
        if (e.promptVersion() != null) n.put("prompt_version", e.promptVersion());
        if (e.input() != null) n.put("input", e.input());
        if (e.output() != null) n.put("output", e.output());
        if (!e.context().isEmpty()) n.set("context", Wire.tree(e.context()));
        if (!e.samples().isEmpty()) n.set("samples", Wire.tree(e.samples()));
        if (e.inputTokens() != null) n.put("input_tokens", e.inputTokens());
        if (e.outputTokens() != null) n.put("output_tokens", e.outputTokens());
        if (e.cost() != null) n.put("cost", e.cost());
        return n;
    }

    /** The series view: {@code step_seconds} and points of {@code time}, {@code value}, {@code count}. */
    static MetricSeries series(JsonNode n) {
        List<MetricSeries.Point> points = new ArrayList<>();
        for (JsonNode p : n.path("points")) {
            JsonNode v = p.get("value");
            points.add(new MetricSeries.Point(Wire.instant(p, "time"), v == null || v.isNull() ? Double.NaN : v.asDouble(),
                    p.path("count").asLong()));
        }
        String arm = Wire.text(n, "arm");
        return new MetricSeries(Wire.text(n, "model"), n.path("version").asInt(), Wire.text(n, "endpoint"),
                arm == null ? null : Arm.valueOf(arm.toUpperCase(java.util.Locale.ROOT)), Metric.parse(Wire.text(n, "metric")),
                Duration.ofSeconds(n.path("step_seconds").asLong()), points);
    }
}
