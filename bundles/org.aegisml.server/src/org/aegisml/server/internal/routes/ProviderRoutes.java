package org.aegisml.server.internal.routes;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.cost.CostLedger;
import org.aegisml.api.cost.LedgerQuery;
import org.aegisml.api.provider.Autoscaling;
import org.aegisml.api.provider.AutoscalingPolicy;
import org.aegisml.api.provider.Providers;
import org.aegisml.api.provider.ScalingMetric;
import org.aegisml.api.security.Role;
import org.aegisml.server.internal.http.ApiRequest;
import org.aegisml.server.internal.http.Reply;
import org.aegisml.server.internal.http.Route;
import org.aegisml.server.internal.http.Router;

/**
 * Installed providers and their health, the cost ledger (token and infrastructure spend side by
 * side), and the autoscaling policies of hosted deployments. Durations are written {@code 30s},
 * {@code 5m}, days {@code 2026-11-01}.
 */
public final class ProviderRoutes {
    private final Providers providers;
    private final CostLedger ledger;
    private final Autoscaling autoscaling;
    private final org.aegisml.api.deployment.Deployments deployments;

    public ProviderRoutes(Providers providers, CostLedger ledger, Autoscaling autoscaling,
            org.aegisml.api.deployment.Deployments deployments) {
        this.deployments = deployments;
        this.providers = providers;
        this.ledger = ledger;
        this.autoscaling = autoscaling;
    }

    public void register(Router router) {
        router.add(new Route("GET", "/api/v1/providers", Role.VIEWER, r -> Reply.ok(Map.of("items", providers.list()))));
        router.add(new Route("GET", "/api/v1/providers/{name}", Role.VIEWER, r -> Reply.ok(providers.find(r.path("name"))
                .orElseThrow(() -> new NotFoundException("name", "no provider named '" + r.path("name")
                        + "' is installed")))));
        router.add(new Route("GET", "/api/v1/deployments/{name}/host", Role.VIEWER, this::host));
        router.add(new Route("GET", "/api/v1/costs/ledger", Role.VIEWER, this::ledger));
        router.add(new Route("POST", "/api/v1/costs/ledger/sync", Role.OPERATOR, this::sync));
        router.add(new Route("GET", "/api/v1/autoscaling", Role.VIEWER, r -> Reply.ok(Map.of("items",
                autoscaling.policies().stream().map(ProviderRoutes::view).toList()))));
        router.add(new Route("GET", "/api/v1/deployments/{name}/autoscaling", Role.VIEWER, r -> Reply.ok(view(autoscaling
                .policy(r.path("name")).orElseThrow(() -> new NotFoundException("name", "deployment '" + r.path("name")
                        + "' has no autoscaling policy"))))));
        router.add(new Route("PUT", "/api/v1/deployments/{name}/autoscaling", Role.OPERATOR, this::put));
        router.add(new Route("DELETE", "/api/v1/deployments/{name}/autoscaling", Role.OPERATOR, r -> {
            autoscaling.delete(r.path("name"), r.actor());
            return Reply.json(204, null);
        }));
        router.add(new Route("GET", "/api/v1/deployments/{name}/autoscaling/decisions", Role.VIEWER,
                r -> Reply.ok(Map.of("items", autoscaling.decisions(r.path("name"))))));
    }

    /** What the provider reports now for a hosted deployment's endpoint: versions, weights, replicas, events. */
    private Reply host(ApiRequest r) {
        String name = r.path("name");
        var d = deployments.find(name).orElseThrow(() -> new NotFoundException("name", "no deployment named '" + name + "'"));
        String type = d.stable().backend().type();
        var host = providers.host(type).orElseThrow(() -> new NotFoundException("name", "deployment '" + name
                + "' is not served by an installed model host (backend type '" + type + "')"));
        return Reply.ok(host.status(org.aegisml.api.provider.ModelHost.endpoint(d.stable().backend(), name)));
    }

    private Reply ledger(ApiRequest r) {
        LocalDate to = day(r, "to", LocalDate.now(ZoneOffset.UTC).plusDays(1));
        LocalDate from = day(r, "from", to.minusDays(30));
        String g = r.query("group_by");
        LedgerQuery.GroupBy groupBy = LedgerQuery.GroupBy.MODEL;
        if (g != null && !g.isBlank()) {
            try {
                groupBy = LedgerQuery.GroupBy.valueOf(g.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("group_by", "group_by must be one of project, model, version, endpoint");
            }
        }
        return Reply.ok(ledger.report(new LedgerQuery(from, to, groupBy, blankToNull(r.query("project")),
                blankToNull(r.query("model")))));
    }

    private Reply sync(ApiRequest r) {
        LocalDate to = day(r, "to", LocalDate.now(ZoneOffset.UTC).plusDays(1));
        LocalDate from = day(r, "from", to.minusDays(3));
        return Reply.ok(ledger.sync(from, to));
    }

    record PolicyBody(String metric, Double target, Integer minReplicas, Integer maxReplicas, Double tolerance,
            String scaleUpCooldown, String scaleDownCooldown, String window, String interval, Boolean enabled) {
    }

    private Reply put(ApiRequest r) throws Exception {
        PolicyBody b = r.json(PolicyBody.class);
        if (b == null) throw new ValidationException("body", "a policy is required");
        ScalingMetric metric = ScalingMetric.parse(b.metric());
        if (metric == null) {
            throw new ValidationException("metric", "metric must be one of queue_length, latency_p95, gpu_utilization");
        }
        if (b.target() == null) throw new ValidationException("target", "target is required");
        if (b.minReplicas() == null) throw new ValidationException("min_replicas", "min_replicas is required");
        if (b.maxReplicas() == null) throw new ValidationException("max_replicas", "max_replicas is required");
        AutoscalingPolicy p = new AutoscalingPolicy(r.path("name"), metric, b.target(), b.minReplicas(), b.maxReplicas(),
                b.tolerance(), AlertRoutes.duration("scale_up_cooldown", b.scaleUpCooldown()),
                AlertRoutes.duration("scale_down_cooldown", b.scaleDownCooldown()), AlertRoutes.duration("window", b.window()),
                AlertRoutes.duration("interval", b.interval()), b.enabled());
        return Reply.ok(view(autoscaling.put(p, r.actor())));
    }

    static Map<String, Object> view(AutoscalingPolicy p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deployment", p.deployment());
        m.put("metric", p.metric().wire());
        m.put("target", p.target());
        m.put("min_replicas", p.minReplicas());
        m.put("max_replicas", p.maxReplicas());
        m.put("tolerance", p.tolerance());
        m.put("scale_up_cooldown", String.valueOf(p.scaleUpCooldown()));
        m.put("scale_down_cooldown", String.valueOf(p.scaleDownCooldown()));
        m.put("window", String.valueOf(p.window()));
        m.put("interval", String.valueOf(p.interval()));
        m.put("enabled", p.enabled());
        return m;
    }

    private static LocalDate day(ApiRequest r, String name, LocalDate dflt) {
        String v = r.query(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return LocalDate.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw new ValidationException(name, name + " must be a day like 2026-11-01, not '" + v + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
