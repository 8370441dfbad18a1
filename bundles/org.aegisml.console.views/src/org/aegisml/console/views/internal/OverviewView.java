package org.aegisml.console.views.internal;

import java.time.Instant;
import java.time.ZoneId;

import org.aegisml.api.alerting.Alert;
import org.aegisml.api.alerting.Alerts;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.Approvals;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.monitoring.CostReport;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.console.View;
import org.aegisml.console.ViewContext;
import org.aegisml.console.ViewPane;
import org.aegisml.console.views.internal.model.Format;
import org.aegisml.console.views.internal.model.OverviewModel;
import org.osgi.service.component.annotations.Component;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Production at a glance: every deployment with its rollout step and health score, firing
 * alerts, pending approvals and today's spend. Double-click (or Enter) opens an item's detail.
 */
@Component(service = View.class)
public final class OverviewView implements View {
    @Override
    public String id() {
        return "overview";
    }

    @Override
    public String title() {
        return "Overview";
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public ViewPane open(ViewContext ctx) {
        return new Pane(ctx);
    }

    private final class Pane implements ViewPane {
        private final ViewContext ctx;
        private final ZoneId zone = ZoneId.systemDefault();
        private final Tables<OverviewModel.Row> deps = new Tables<>("deployments", OverviewModel.Row::name,
                r -> String.join(" ", r.name(), r.stable(), r.candidate(), r.strategy(), r.state()));
        private final Tables<Alert> firing = new Tables<>("firing", Alert::id,
                a -> String.join(" ", a.ruleName(), a.severity().wire()));
        private final Tables<Approval> pending = new Tables<>("pending", Approval::id,
                a -> String.join(" ", a.kind(), a.subject(), a.requestedByName()));
        private final Tables<CostReport.Day> spend = new Tables<>("spend", CostReport.Day::key, CostReport.Day::key);
        private final Label deploymentCount = stat("deployments-count");
        private final Label alertCount = stat("alerts-count");
        private final Label approvalCount = stat("approvals-count");
        private final Label spendToday = stat("spend-today");
        private final Label updated = new Label();
        private final VBox root;
        private boolean loading;

        Pane(ViewContext ctx) {
            this.ctx = ctx;
            deps.column("Deployment", OverviewModel.Row::name, 130).column("Stable", OverviewModel.Row::stable, 150)
                    .column("Candidate", OverviewModel.Row::candidate, 150).column("Strategy", OverviewModel.Row::strategy, 80)
                    .column("State", OverviewModel.Row::state, 100).column("Step", OverviewModel.Row::step, 90)
                    .column("Weight %", OverviewModel.Row::weight, 70)
                    .column("Health", r -> r.health() == null ? -1 : r.health(), 60)
                    .column("Health detail", OverviewModel.Row::healthDetail, 220);
            firing.column("Severity", a -> a.severity().wire(), 80).column("Alert", Alert::ruleName, 200)
                    .column("Since", a -> Format.time(a.startedAt(), zone), 150).column("Value", a -> Format.number(a.lastValue()), 80);
            pending.column("Requested", a -> Format.time(a.requestedAt(), zone), 150).column("Kind", Approval::kind, 100)
                    .column("Subject", Approval::subject, 180).column("By", Approval::requestedByName, 90);
            spend.column("Model", CostReport.Day::key, 160).column("Spend today", d -> d.cost(), 100)
                    .column("Tokens", d -> d.inputTokens() + d.outputTokens(), 90).column("Calls", CostReport.Day::events, 80);
            opens(deps, r -> r.rollout() == null ? null : "rollouts", OverviewModel.Row::rollout);
            opens(pending, a -> "approvals", Approval::id);
            opens(firing, a -> "alerts", Alert::id);
            GridPane stats = new GridPane(24, 4);
            stats.addRow(0, caption("Deployments"), caption("Firing alerts"), caption("Pending approvals"), caption("Spend today (UTC)"));
            stats.addRow(1, deploymentCount, alertCount, approvalCount, spendToday);
            updated.setId("overview-updated");
            updated.setStyle("-fx-text-fill: #667085;");
            HBox lower = new HBox(8, box("Firing alerts", firing), box("Pending approvals", pending), box("Spend per model today", spend));
            lower.getChildren().forEach(n -> HBox.setHgrow(n, Priority.ALWAYS));
            VBox depsBox = box("Deployments", deps);
            root = new VBox(10, stats, depsBox, lower, updated);
            VBox.setVgrow(depsBox, Priority.ALWAYS);
            VBox.setVgrow(lower, Priority.ALWAYS);
            root.setPadding(new Insets(10));
        }

        private <R> void opens(Tables<R> t, java.util.function.Function<R, String> view,
                java.util.function.Function<R, String> item) {
            Runnable go = () -> {
                R r = t.table().getSelectionModel().getSelectedItem();
                if (r != null && view.apply(r) != null) ctx.open(view.apply(r), item.apply(r));
            };
            t.table().setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) go.run();
            });
            t.table().setOnKeyPressed(e -> {
                if (e.getCode() == javafx.scene.input.KeyCode.ENTER) go.run();
            });
        }

        private static Label stat(String id) {
            Label l = new Label("–");
            l.setId(id);
            l.setStyle("-fx-font-size: 22px; -fx-font-weight: bold;");
            return l;
        }

        private static Label caption(String text) {
            Label l = new Label(text);
            l.setStyle("-fx-text-fill: #667085;");
            return l;
        }

        private static <R> VBox box(String title, Tables<R> t) {
            Label l = new Label(title);
            l.setStyle("-fx-font-weight: bold;");
            VBox b = new VBox(4, new HBox(8, l, t.filter()), t.table());
            VBox.setVgrow(t.table(), Priority.ALWAYS);
            return b;
        }

        @Override
        public Node node() {
            return root;
        }

        @Override
        public void refresh() {
            if (loading) return;
            loading = true;
            ctx.background("Loading the overview", () -> OverviewModel.load(ctx.service(Deployments.class),
                    ctx.service(Approvals.class), ctx.service(Alerts.class), ctx.service(Monitoring.class), Instant.now()), m -> {
                        loading = false;
                        deps.set(m.deployments());
                        firing.set(m.firing());
                        pending.set(m.pending());
                        spend.set(m.spendByModel());
                        deploymentCount.setText(String.valueOf(m.deployments().size()));
                        alertCount.setText(String.valueOf(m.firing().size()));
                        alertCount.setTextFill(m.firing().isEmpty() ? javafx.scene.paint.Color.BLACK : javafx.scene.paint.Color.web("#b42318"));
                        approvalCount.setText(String.valueOf(m.pending().size()));
                        spendToday.setText(Format.money(m.spendToday()));
                        updated.setText("Updated " + Format.time(m.at(), zone) + " from " + ctx.source());
                    }, t -> loading = false);
        }
    }
}
