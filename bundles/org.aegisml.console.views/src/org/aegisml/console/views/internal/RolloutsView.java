package org.aegisml.console.views.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.deployment.AnalysisRun;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.deployment.Measurement;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutAction;
import org.aegisml.console.View;
import org.aegisml.console.ViewContext;
import org.aegisml.console.ViewPane;
import org.aegisml.console.views.internal.model.Format;
import org.aegisml.console.views.internal.model.RolloutModel;
import org.jfree.chart.JFreeChart;
import org.osgi.service.component.annotations.Component;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Every rollout, and for one: its steps, the candidate's traffic weight over time, candidate
 * versus stable for each analysis metric with the limit drawn, every analysis result, and the
 * operator's actions (each asks for confirmation and a reason).
 */
@Component(service = View.class)
public final class RolloutsView implements View {
    @Override
    public String id() {
        return "rollouts";
    }

    @Override
    public String title() {
        return "Rollouts";
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public ViewPane open(ViewContext ctx) {
        return new Pane(ctx);
    }

    /** One analysis measurement as a table row. */
    record Result(String key, Instant at, int step, String rule, String candidate, String stable, String limit,
            String verdict, String reason) {
    }

    private final class Pane implements ViewPane {
        private final ViewContext ctx;
        private final ZoneId zone = ZoneId.systemDefault();
        private final Tables<Rollout> list = new Tables<>("rollouts", Rollout::id,
                r -> String.join(" ", r.id(), r.deployment(), r.strategy().wire(), r.state().wire()));
        private final Tables<Result> results = new Tables<>("analyses", Result::key,
                r -> String.join(" ", r.rule(), r.verdict(), String.valueOf(r.reason())));
        private final Label header = new Label("Select a rollout.");
        private final HBox timeline = new HBox(6);
        private final Map<RolloutAction, Button> buttons = new EnumMap<>(RolloutAction.class);
        private final Confirm confirm = new Confirm("confirm");
        private final Label result = new Label();
        private final JFreeChart weights = Charts.timeChart("Candidate traffic weight", "%");
        private final VBox metrics = new VBox(8);
        private final SplitPane root;
        private final Map<String, JFreeChart> metricCharts = new java.util.HashMap<>();
        private boolean loading;
        private boolean loadingDetail;
        private String wanted;

        Pane(ViewContext ctx) {
            this.ctx = ctx;
            list.column("Rollout", Rollout::id, 120).column("Deployment", Rollout::deployment, 120)
                    .column("Strategy", r -> r.strategy().wire(), 80).column("State", r -> Format.words(r.state()), 100)
                    .column("Weight %", Rollout::candidateWeight, 70).column("Started", r -> Format.time(r.createdAt(), zone), 150);
            list.table().getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
                if (now != null && (was == null || !was.id().equals(now.id()))) detail(now.id());
            });
            results.column("At", r -> Format.time(r.at(), zone), 140).column("Step", Result::step, 50)
                    .column("Rule", Result::rule, 150).column("Candidate", Result::candidate, 80)
                    .column("Stable", Result::stable, 80).column("Limit", Result::limit, 70)
                    .column("Verdict", Result::verdict, 90).column("Reason", r -> String.valueOf(r.reason()), 200);
            header.setId("rollout-header");
            header.setStyle("-fx-font-size: 15px; -fx-font-weight: bold;");
            timeline.setId("timeline");
            result.setId("rollout-result");
            result.setWrapText(true);
            HBox actions = new HBox(8);
            for (RolloutAction a : RolloutAction.values()) {
                Button b = new Button(label(a));
                b.setId(a.wire());
                b.setDisable(true);
                b.setOnAction(e -> ask(a));
                buttons.put(a, b);
                actions.getChildren().add(b);
            }
            VBox left = new VBox(6, list.filter(), list.table());
            VBox.setVgrow(list.table(), Priority.ALWAYS);
            left.setPadding(new Insets(8));
            results.table().setPrefHeight(200);
            VBox detail = new VBox(8, header, timeline, actions, confirm, result, Charts.viewer(weights, "weights-chart"),
                    metrics, new Label("Analysis results"), results.filter(), results.table());
            detail.setPadding(new Insets(8));
            ScrollPane scroll = new ScrollPane(detail);
            scroll.setFitToWidth(true);
            root = new SplitPane(left, scroll);
            root.setDividerPositions(0.38);
        }

        private static String label(RolloutAction a) {
            return a == RolloutAction.ROLLBACK ? "Roll back" : a.wire().substring(0, 1).toUpperCase() + a.wire().substring(1);
        }

        @Override
        public Node node() {
            return root;
        }

        @Override
        public void refresh() {
            if (loading) return;
            loading = true;
            ctx.background("Loading rollouts", () -> {
                Deployments deployments = ctx.service(Deployments.class);
                List<Rollout> all = new ArrayList<>();
                for (Deployment d : deployments.list()) all.addAll(deployments.rollouts(d.name()));
                all.sort(Comparator.comparing(Rollout::createdAt).reversed());
                return all;
            }, all -> {
                loading = false;
                list.set(all);
                if (wanted != null && list.select(wanted)) wanted = null;
                Rollout sel = list.table().getSelectionModel().getSelectedItem();
                if (sel != null) detail(sel.id());
            }, t -> loading = false);
        }

        @Override
        public void select(String id) {
            if (!list.select(id)) wanted = id;
        }

        private void detail(String id) {
            if (loadingDetail) return;
            loadingDetail = true;
            ctx.background("Loading rollout " + id, () -> ctx.service(Deployments.class).rollout(id), r -> {
                loadingDetail = false;
                r.ifPresent(this::show);
            }, t -> loadingDetail = false);
        }

        private void show(Rollout r) {
            Rollout sel = list.table().getSelectionModel().getSelectedItem();
            if (sel == null || !sel.id().equals(r.id())) return; // the operator moved on meanwhile
            RolloutModel m = new RolloutModel(r);
            header.setText(r.id() + "  " + r.deployment() + "  " + r.strategy().wire() + ": "
                    + (r.candidate() == null ? "" : r.candidate().version() + " vs " + r.stable().version()) + "  (" + m.position()
                    + (r.reason() == null ? "" : ", " + r.reason()) + ")");
            timeline.getChildren().clear();
            for (RolloutModel.StepView s : m.timeline()) {
                Label l = new Label((s.index() + 1) + ": " + s.weight() + " % · " + s.duration());
                l.setPadding(new Insets(4, 8, 4, 8));
                l.setAlignment(Pos.CENTER);
                l.setStyle(switch (s.status()) {
                    case DONE -> "-fx-background-color: #d1fadf;";
                    case CURRENT -> "-fx-background-color: #fef0c7; -fx-font-weight: bold;";
                    case PENDING -> "-fx-background-color: #f2f4f7;";
                    case NOT_REACHED -> "-fx-background-color: #f2f4f7; -fx-text-fill: #98a2b3;";
                });
                timeline.getChildren().add(l);
            }
            Set<RolloutAction> allowed = m.actions();
            buttons.forEach((a, b) -> b.setDisable(!allowed.contains(a)));
            Charts.weights(weights, m.weights(Instant.now()));
            List<RolloutModel.MetricSeries> series = m.metrics();
            if (!metricCharts.keySet().equals(series.stream().map(RolloutModel.MetricSeries::rule)
                    .collect(java.util.stream.Collectors.toSet()))) {
                metricCharts.clear();
                metrics.getChildren().clear();
                FlowPane grid = new FlowPane(8, 8);
                for (RolloutModel.MetricSeries s : series) {
                    JFreeChart c = Charts.timeChart(s.rule(), s.metric());
                    metricCharts.put(s.rule(), c);
                    var v = Charts.viewer(c, "metric-" + s.rule().replaceAll("[^A-Za-z0-9]+", "-"));
                    v.setPrefSize(460, 260);
                    grid.getChildren().add(v);
                }
                metrics.getChildren().add(grid);
            }
            for (RolloutModel.MetricSeries s : series) Charts.metric(metricCharts.get(s.rule()), s.candidate(), s.stable(), s.limit());
            List<Result> rows = new ArrayList<>();
            for (AnalysisRun run : r.analyses()) {
                for (Measurement x : run.measurements()) {
                    rows.add(new Result(run.id() + "/" + x.rule(), run.to(), run.step(), x.rule(), Format.number(x.candidate()),
                            Format.number(x.stable()), Format.number(x.limit()), x.verdict().wire(), x.reason()));
                }
            }
            rows.sort(Comparator.comparing(Result::at).reversed());
            results.set(rows);
        }

        private void ask(RolloutAction a) {
            Rollout r = list.table().getSelectionModel().getSelectedItem();
            if (r == null) return;
            confirm.ask(label(a) + " rollout " + r.id() + " of " + r.deployment() + "?", why -> {
                result.setText(label(a) + ": sending...");
                ctx.background(label(a) + " " + r.id(), () -> ctx.service(Deployments.class).act(r.id(), a, why, ctx.operator()), done -> {
                    result.setText(label(a) + " done: rollout " + done.id() + " is " + Format.words(done.state()) + ".");
                    result.setStyle("-fx-text-fill: #067647;");
                    refresh();
                }, t -> {
                    result.setText("The server refused: " + ctx.describe(t));
                    result.setStyle("-fx-text-fill: #b42318;");
                });
            });
        }
    }
}
