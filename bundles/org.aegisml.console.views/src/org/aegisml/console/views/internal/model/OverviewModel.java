package org.aegisml.console.views.internal.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.Alerts;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Approvals;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.deployment.Health;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.monitoring.CostQuery;
import org.aegisml.api.monitoring.CostReport;
import org.aegisml.api.monitoring.Monitoring;

/** What the Overview shows, loaded in one go off the UI thread. */
public record OverviewModel(List<Row> deployments, List<Alert> firing, List<Approval> pending, double spendToday,
        List<CostReport.Day> spendByModel, Instant at) {

    /** One deployment: its versions, the rollout in progress (if any) and its health. */
    public record Row(String name, String stable, String candidate, String strategy, String state, String step,
            int weight, Integer health, String healthDetail, String rollout) {
    }

    public static OverviewModel load(Deployments deployments, Approvals approvals, Alerts alerts, Monitoring monitoring,
            Instant now) {
        List<Row> rows = new ArrayList<>();
        for (Deployment d : deployments.list()) {
            Rollout r = d.rollout() == null ? null : deployments.rollout(d.rollout()).orElse(null);
            Health h = deployments.health(d.name());
            rows.add(row(d, r, h));
        }
        rows.sort(Comparator.comparing(Row::name));
        List<Alert> firing = new ArrayList<>(alerts.firing());
        firing.sort(Comparator.comparing((Alert a) -> a.severity().ordinal()).reversed().thenComparing(Alert::startedAt));
        List<Approval> pending = new ArrayList<>(approvals.list(ApprovalState.PENDING));
        pending.sort(Comparator.comparing(Approval::requestedAt));
        Instant midnight = now.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        CostReport costs = monitoring.costs(new CostQuery(midnight, now, CostQuery.GroupBy.MODEL, null, null));
        List<CostReport.Day> byModel = new ArrayList<>(costs.days());
        byModel.sort(Comparator.comparingDouble(CostReport.Day::cost).reversed());
        return new OverviewModel(rows, firing, pending, costs.total(), byModel, now);
    }

    public static Row row(Deployment d, Rollout r, Health h) {
        String detail = h == null ? "" : h.components().stream().filter(c -> c.score() < 100)
                .map(c -> c.name() + " " + c.score()).reduce((a, b) -> a + ", " + b).orElse("all components healthy");
        if (r == null) {
            return new Row(d.name(), d.stable().version().toString(), d.candidate() == null ? "–" : d.candidate().version().toString(),
                    "–", "stable", "–", 0, h == null ? null : h.score(), detail, null);
        }
        RolloutModel m = new RolloutModel(r);
        return new Row(d.name(), d.stable().version().toString(),
                r.candidate() == null ? "–" : r.candidate().version().toString(), r.strategy().wire(),
                Format.words(r.state()), m.position(), r.candidateWeight(), h == null ? null : h.score(), detail, r.id());
    }
}
