package org.aegisml.client.internal;

import java.util.Map;
import java.util.Optional;

import org.aegisml.api.ValidationException;
import org.aegisml.api.monitoring.Baseline;
import org.aegisml.api.monitoring.BaselineSpec;
import org.aegisml.api.monitoring.DriftAnalysis;
import org.aegisml.api.monitoring.DriftQuery;
import org.aegisml.api.monitoring.DriftReport;
import org.aegisml.api.monitoring.DriftSettings;
import org.aegisml.api.monitoring.DriftThreshold;
import org.aegisml.api.security.Actor;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link DriftAnalysis} over {@code /api/v1/drift}. Reports, baselines and settings are written
 * by the server field for field and read as the records themselves; undefined scores (a
 * distance's p-value) arrive as null and read as NaN. The {@code Actor} arguments are ignored:
 * the server knows the caller from the connection's key.
 */
final class RestDriftAnalysis implements DriftAnalysis {
    static final String BASE = "/api/v1/drift";
    private final RestClient http;

    RestDriftAnalysis(RestClient http) {
        this.http = http;
    }

    @Override
    public Baseline setBaseline(String model, int version, BaselineSpec spec, Actor actor) {
        if (spec == null) throw new ValidationException(null, "a baseline is required");
        ObjectNode body = Wire.object();
        body.put("dataset", spec.dataset());
        body.put("dataset_version", spec.datasetVersion());
        body.put("from", spec.from() == null ? null : spec.from().toString());
        body.put("to", spec.to() == null ? null : spec.to().toString());
        body.put("window_version", spec.windowVersion());
        body.put("endpoint", spec.endpoint());
        return Wire.read(http.send("PUT", baselinePath(model, version), body), Baseline.class);
    }

    @Override
    public Optional<Baseline> baseline(String model, int version) {
        return Remote.optional(() -> Wire.read(http.get(baselinePath(model, version)), Baseline.class), "baseline");
    }

    /** The server answers a version without a stored baseline with a 404, where the service answers false. */
    @Override
    public boolean deleteBaseline(String model, int version, Actor actor) {
        return Remote.optional(() -> http.delete(baselinePath(model, version)), "baseline").isPresent();
    }

    @Override
    public DriftSettings settings(String model) {
        return Wire.read(http.get(settingsPath(model)), DriftSettings.class);
    }

    /** Thresholds travel as warn and alert only: the direction is the method's own, filled in by the server. */
    @Override
    public DriftSettings saveSettings(DriftSettings s, Actor actor) {
        if (s == null) throw new ValidationException(null, "settings are required");
        ObjectNode body = Wire.object();
        ObjectNode thresholds = body.putObject("thresholds");
        for (Map.Entry<String, DriftThreshold> e : s.thresholds().entrySet()) {
            ObjectNode t = thresholds.putObject(e.getKey());
            t.put("warn", e.getValue().warn());
            t.put("alert", e.getValue().alert());
        }
        body.set("deciding_methods", Wire.tree(s.decidingMethods()));
        body.put("performance_warn", s.performanceWarn());
        body.put("performance_alert", s.performanceAlert());
        body.put("min_samples", s.minSamples());
        return Wire.read(http.send("PUT", settingsPath(s.model()), body), DriftSettings.class);
    }

    @Override
    public DriftReport drift(DriftQuery q) {
        if (q == null) throw new ValidationException(null, "a query is required");
        Query params = Query.of().add("model", q.model()).add("version", q.version()).add("endpoint", q.endpoint())
                .add("arm", q.arm() == null ? null : q.arm().wire()).add("from", q.from()).add("to", q.to());
        return Wire.read(http.get(params.on(BASE)), DriftReport.class);
    }

    private static String baselinePath(String model, int version) {
        return BASE + "/baselines/" + RestClient.seg("model", model) + "/" + version;
    }

    private static String settingsPath(String model) {
        return BASE + "/settings/" + RestClient.seg("model", model);
    }

    @Override
    public String toString() {
        return "RestDriftAnalysis[" + http.server() + "]";
    }
}
