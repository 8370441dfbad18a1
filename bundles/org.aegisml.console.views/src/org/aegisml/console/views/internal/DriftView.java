package org.aegisml.console.views.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.aegisml.api.monitoring.DriftAnalysis;
import org.aegisml.api.monitoring.DriftQuery;
import org.aegisml.api.monitoring.DriftReport;
import org.aegisml.api.monitoring.DriftThreshold;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.Registry;
import org.aegisml.console.View;
import org.aegisml.console.ViewContext;
import org.aegisml.console.ViewPane;
import org.aegisml.console.views.internal.model.DriftModel;
import org.aegisml.console.views.internal.model.Format;
import org.aegisml.console.views.internal.model.RolloutModel.Point;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.TimeSeriesCollection;
import org.osgi.service.component.annotations.Component;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Drift of one model version over the last day: features ranked by drift, the selected
 * feature's baseline against current distribution, and its score hour by hour against the
 * method's warn and alert thresholds.
 */
@Component(service = View.class)
public final class DriftView implements View {
    static final int HOURS = 24;

    @Override
    public String id() {
        return "drift";
    }

    @Override
    public String title() {
        return "Drift";
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public ViewPane open(ViewContext ctx) {
        return new Pane(ctx);
    }

    private record Loaded(DriftReport day, List<DriftReport> hours) {
    }

    private static final class Pane implements ViewPane {
        private final ViewContext ctx;
        private final ComboBox<String> model = ModelPicker.create("drift-model");
        private final ComboBox<Integer> version = new ComboBox<>();
        private final Label summary = new Label("Pick a model version.");
        private final Tables<DriftModel.Row> features = new Tables<>("drift-features", DriftModel.Row::feature,
                r -> r.feature() + " " + r.status() + " " + r.method());
        private final JFreeChart histogram = ChartFactory.createBarChart("Baseline vs current", null, "share",
                new DefaultCategoryDataset(), PlotOrientation.VERTICAL, true, true, false);
        private final JFreeChart scores = Charts.timeChart("Drift score by hour", "score");
        private final VBox root;
        private Loaded loaded;
        private boolean loading;

        Pane(ViewContext ctx) {
            this.ctx = ctx;
            version.setId("drift-version");
            version.setPromptText("version");
            // Value listeners rather than actions: a value set by code (another view, a test) counts too.
            model.valueProperty().addListener((o, was, now) -> pickModel());
            version.valueProperty().addListener((o, was, now) -> {
                loaded = null;
                if (now != null) refresh();
            });
            summary.setId("drift-summary");
            features.column("Feature", DriftModel.Row::feature, 160).column("Kind", DriftModel.Row::kind, 90)
                    .column("Status", r -> r.status().name().toLowerCase(), 70).column("Method", DriftModel.Row::method, 90)
                    .column("Score", DriftModel.Row::score, 80).column("p-value", DriftModel.Row::pValue, 80)
                    .column("Warn / alert", r -> r.threshold() == null ? "–"
                            : Format.number(r.threshold().warn()) + " / " + Format.number(r.threshold().alert()), 100)
                    .column("Current values", DriftModel.Row::current, 100).column("Note", r -> String.valueOf(r.note()), 160);
            features.table().getSelectionModel().selectedItemProperty().addListener((o, was, now) -> drawFeature(now));
            histogram.getTitle().setFont(histogram.getTitle().getFont().deriveFont(13f));
            HBox charts = new HBox(8, Charts.viewer(histogram, "drift-histogram"), Charts.viewer(scores, "drift-scores"));
            charts.getChildren().forEach(n -> HBox.setHgrow(n, Priority.ALWAYS));
            charts.setPrefHeight(300);
            root = new VBox(8, new HBox(8, new Label("Model"), model, new Label("Version"), version, features.filter()), summary,
                    features.table(), charts);
            VBox.setVgrow(features.table(), Priority.ALWAYS);
            root.setPadding(new Insets(10));
        }

        private void pickModel() {
            String m = model.getValue();
            version.getItems().clear();
            if (m == null) return;
            ctx.background("Loading versions of " + m, () -> ctx.service(Registry.class).find(AssetType.MODEL, m), a -> a.ifPresent(x -> {
                if (!m.equals(model.getValue())) return; // picked another meanwhile
                List<Integer> vs = new ArrayList<>();
                for (int v = x.latestVersion(); v >= 1; v--) vs.add(v);
                version.getItems().setAll(vs);
                Integer production = x.aliases().get("production");
                version.setValue(production != null ? production : vs.isEmpty() ? null : vs.getFirst());
            }));
        }

        @Override
        public Node node() {
            return root;
        }

        @Override
        public void refresh() {
            if (ModelPicker.fillIfEmpty(model, ctx)) return;
            String m = model.getValue();
            Integer v = version.getValue();
            if (m == null || v == null || loading) return;
            if (loaded != null && loaded.day().to().isAfter(Instant.now().minusSeconds(60))) return; // hourly data: once a minute is plenty
            loading = true;
            ctx.background("Computing drift of " + m + " v" + v, () -> {
                DriftAnalysis drift = ctx.service(DriftAnalysis.class);
                Instant now = Instant.now();
                Instant hour = now.truncatedTo(ChronoUnit.HOURS);
                List<DriftReport> hours = new ArrayList<>();
                for (int h = HOURS - 1; h >= 0; h--) {
                    Instant from = hour.minus(Duration.ofHours(h));
                    hours.add(drift.drift(new DriftQuery(m, v, null, null, from, h == 0 ? now : from.plus(Duration.ofHours(1)))));
                }
                return new Loaded(drift.drift(new DriftQuery(m, v, null, null, now.minus(Duration.ofHours(HOURS)), now)), hours);
            }, l -> {
                loading = false;
                loaded = l;
                DriftReport d = l.day();
                summary.setText(m + " v" + v + ": " + d.status().name().toLowerCase() + " over the last " + HOURS + " h ("
                        + d.currentCount() + " events against " + d.baselineCount() + " in the baseline"
                        + (d.baseline() == null ? "; no baseline set" : "") + ")");
                features.set(DriftModel.ranked(d));
                if (features.table().getSelectionModel().isEmpty() && !features.table().getItems().isEmpty()) {
                    features.table().getSelectionModel().select(0);
                }
                drawFeature(features.table().getSelectionModel().getSelectedItem());
            }, t -> {
                loading = false;
                loaded = null;
                features.set(List.of());
                drawFeature(null);
                summary.setText(m + " v" + v + ": " + (t instanceof org.aegisml.api.NotFoundException
                        ? "no drift report: " + t.getMessage()
                        : ctx.describe(t)));
            });
        }

        private void drawFeature(DriftModel.Row row) {
            DefaultCategoryDataset bars = new DefaultCategoryDataset();
            XYPlot p = scores.getXYPlot();
            p.clearRangeMarkers();
            if (row == null || loaded == null) {
                histogram.getCategoryPlot().setDataset(bars);
                p.setDataset(new TimeSeriesCollection());
                return;
            }
            loaded.day().features().stream().filter(f -> f.feature().equals(row.feature())).findFirst().ifPresent(f -> {
                for (DriftModel.Bar b : DriftModel.histogram(f)) {
                    bars.addValue(b.baseline(), "baseline", b.label());
                    bars.addValue(b.current(), "current", b.label());
                }
            });
            histogram.getCategoryPlot().setDataset(bars);
            histogram.setTitle(row.feature() + ": baseline vs current");
            List<DriftModel.Point> pts = DriftModel.scores(loaded.hours(), row.feature(), row.method());
            List<Point> series = pts.stream().map(x -> new Point(x.at(), x.score())).toList();
            DriftThreshold t = row.threshold();
            boolean pValue = t != null && t.direction() == DriftThreshold.Direction.P_VALUE_BELOW;
            p.setDataset(new TimeSeriesCollection(Charts.series(row.method() + (pValue ? " p-value" : " score"), series)));
            scores.setTitle(row.feature() + ": " + row.method() + (pValue ? " p-value" : " score") + " by hour");
            if (t != null) {
                p.addRangeMarker(marker(t.warn(), "warn", new java.awt.Color(0xF7, 0x90, 0x09)));
                p.addRangeMarker(marker(t.alert(), "alert", Charts.LIMIT));
            }
        }

        private static ValueMarker marker(double v, String label, java.awt.Color color) {
            ValueMarker m = new ValueMarker(v, color, new java.awt.BasicStroke(1.5f));
            m.setLabel(label + " " + Format.number(v));
            return m;
        }
    }
}
