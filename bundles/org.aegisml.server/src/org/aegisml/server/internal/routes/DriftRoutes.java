package org.aegisml.server.internal.routes;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.monitoring.Baseline;
import org.aegisml.api.monitoring.BaselineSpec;
import org.aegisml.api.monitoring.DriftAnalysis;
import org.aegisml.api.monitoring.DriftQuery;
import org.aegisml.api.monitoring.DriftSettings;
import org.aegisml.api.monitoring.DriftThreshold;
import org.aegisml.api.security.Role;
import org.aegisml.server.internal.http.ApiRequest;
import org.aegisml.server.internal.http.Reply;
import org.aegisml.server.internal.http.Route;
import org.aegisml.server.internal.http.Router;

/** Drift reports, per-version baselines and per-model drift settings. */
public final class DriftRoutes {
    private final DriftAnalysis drift;

    public DriftRoutes(DriftAnalysis drift) {
        this.drift = drift;
    }

    public void register(Router router) {
        router.add(new Route("GET", "/api/v1/drift", Role.VIEWER, this::report));
        router.add(new Route("GET", "/api/v1/drift/baselines/{model}/{version}", Role.VIEWER, this::baseline));
        router.add(new Route("PUT", "/api/v1/drift/baselines/{model}/{version}", Role.OPERATOR, this::setBaseline));
        router.add(new Route("DELETE", "/api/v1/drift/baselines/{model}/{version}", Role.OPERATOR, this::deleteBaseline));
        router.add(new Route("GET", "/api/v1/drift/settings/{model}", Role.VIEWER, this::settings));
        router.add(new Route("PUT", "/api/v1/drift/settings/{model}", Role.OPERATOR, this::saveSettings));
    }

    /** {@code window} (default 1h) ending at {@code to} (default now), unless {@code from} is given. */
    private Reply report(ApiRequest r) {
        String model = MonitoringRoutes.required(r, "model");
        Instant to = MonitoringRoutes.instant(r, "to", Instant.now());
        Instant from;
        if (r.query("from") != null && !r.query("from").isBlank()) {
            if (r.query("window") != null) throw new ValidationException("window", "give either window or from, not both");
            from = MonitoringRoutes.instant(r, "from", null);
        } else {
            Duration window = MonitoringRoutes.duration(r, "window", Duration.ofHours(1));
            if (window.isZero() || window.isNegative() || window.compareTo(Duration.ofDays(366)) > 0) {
                throw new ValidationException("window", "window must be positive and at most 366 days");
            }
            from = to.minus(window);
        }
        return Reply.ok(drift.drift(new DriftQuery(model, MonitoringRoutes.version(r), r.query("endpoint"),
                MonitoringRoutes.arm(r), from, to)));
    }

    private Reply baseline(ApiRequest r) {
        String model = r.path("model");
        int version = r.pathInt("version");
        Baseline b = drift.baseline(model, version).orElseThrow(() -> new NotFoundException("baseline",
                "model '" + model + "' version " + version + " has no drift baseline"));
        return Reply.ok(b);
    }

    /** Exactly one of a dataset ({@code dataset}, {@code dataset_version}) or a window ({@code from}, {@code to}). */
    record BaselineBody(String dataset, Integer datasetVersion, Instant from, Instant to, Integer windowVersion,
            String endpoint) {
    }

    private Reply setBaseline(ApiRequest r) throws Exception {
        BaselineBody b = r.json(BaselineBody.class);
        if (b == null) throw new ValidationException(null, "a JSON body is required");
        return Reply.ok(drift.setBaseline(r.path("model"), r.pathInt("version"),
                new BaselineSpec(b.dataset(), b.datasetVersion(), b.from(), b.to(), b.windowVersion(), b.endpoint()),
                r.actor()));
    }

    private Reply deleteBaseline(ApiRequest r) {
        String model = r.path("model");
        int version = r.pathInt("version");
        if (!drift.deleteBaseline(model, version, r.actor())) {
            throw new NotFoundException("baseline", "model '" + model + "' version " + version + " has no stored baseline");
        }
        return Reply.ok(Map.of("model", model, "version", version, "deleted", true));
    }

    private Reply settings(ApiRequest r) {
        return Reply.ok(view(drift.settings(r.path("model"))));
    }

    record ThresholdBody(double warn, double alert) {
    }

    /** Fields left out keep their defaults (not their previous values): a PUT replaces the settings. */
    record SettingsBody(Map<String, ThresholdBody> thresholds, List<String> decidingMethods, Double performanceWarn,
            Double performanceAlert, Integer minSamples) {
    }

    private Reply saveSettings(ApiRequest r) throws Exception {
        SettingsBody b = r.json(SettingsBody.class);
        if (b == null) throw new ValidationException(null, "a JSON body is required");
        Map<String, DriftThreshold> thresholds = new LinkedHashMap<>();
        if (b.thresholds() != null) {
            b.thresholds().forEach((m, t) -> {
                if (t == null) throw new ValidationException("thresholds." + m, "a threshold needs warn and alert");
                // The direction is the method's own; save fills it in.
                thresholds.put(m, new DriftThreshold(t.warn(), t.alert(), DriftThreshold.Direction.SCORE_ABOVE));
            });
        }
        DriftSettings d = new DriftSettings(r.path("model"), thresholds, b.decidingMethods(),
                b.performanceWarn() == null ? DriftSettings.DEFAULT_PERFORMANCE_WARN : b.performanceWarn(),
                b.performanceAlert() == null ? DriftSettings.DEFAULT_PERFORMANCE_ALERT : b.performanceAlert(),
                b.minSamples() == null ? DriftSettings.DEFAULT_MIN_SAMPLES : b.minSamples());
        return Reply.ok(view(drift.saveSettings(d, r.actor())));
    }

    private static Map<String, Object> view(DriftSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", s.model());
        m.put("thresholds", s.thresholds());
        m.put("deciding_methods", s.decidingMethods());
        m.put("performance_warn", s.performanceWarn());
        m.put("performance_alert", s.performanceAlert());
        m.put("min_samples", s.minSamples());
        return m;
    }
}
