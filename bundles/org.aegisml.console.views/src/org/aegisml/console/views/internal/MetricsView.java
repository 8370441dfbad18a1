package org.aegisml.console.views.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.aegisml.api.monitoring.Metric;
import org.aegisml.api.monitoring.MetricSeries;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.monitoring.SeriesQuery;
import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.Registry;
import org.aegisml.console.View;
import org.aegisml.console.ViewContext;
import org.aegisml.console.ViewPane;
import org.aegisml.console.views.internal.model.RolloutModel.Point;
import org.jfree.chart.JFreeChart;
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
 * One metric of a model over time, one line per version (the five latest), at one-minute
 * resolution up to 30 days (43,200 points a line, read from the server in chunks within its
 * per-query limit).
 */
@Component(service = View.class)
public final class MetricsView implements View {
    static final int VERSIONS = 5;
    static final int CHUNK = 9_000; // steps per query; the server answers at most 10,000

    enum Range {
        HOUR("1 h", Duration.ofHours(1)), DAY("24 h", Duration.ofDays(1)), WEEK("7 d", Duration.ofDays(7)),
        MONTH("30 d", Duration.ofDays(30));

        final String label;
        final Duration span;

        Range(String label, Duration span) {
            this.label = label;
            this.span = span;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    @Override
    public String id() {
        return "metrics";
    }

    @Override
    public String title() {
        return "Metrics";
    }

    @Override
    public int order() {
        return 45;
    }

    @Override
    public ViewPane open(ViewContext ctx) {
        return new Pane(ctx);
    }

    private record Line(int version, List<Point> points) {
    }

    private static final class Pane implements ViewPane {
        private final ViewContext ctx;
        private final ComboBox<String> model = ModelPicker.create("metrics-model");
        private final ComboBox<Metric> metric = new ComboBox<>();
        private final ComboBox<Range> range = new ComboBox<>();
        private final Label summary = new Label();
        private final JFreeChart chart = Charts.sampled(Charts.timeChart("", ""));
        private final VBox root;
        private boolean loading;
        private Instant loadedAt;

        Pane(ViewContext ctx) {
            this.ctx = ctx;
            metric.setId("metrics-metric");
            // Infrastructure cost is billed per day; the Cost view shows it.
            metric.getItems().setAll(java.util.Arrays.stream(Metric.values()).filter(x -> x != Metric.INFRASTRUCTURE_COST).toList());
            metric.setValue(Metric.LATENCY_P99);
            range.setId("metrics-range");
            range.getItems().setAll(Range.values());
            range.setValue(Range.DAY);
            summary.setId("metrics-summary");
            model.valueProperty().addListener((o, was, now) -> reload());
            metric.valueProperty().addListener((o, was, now) -> reload());
            range.valueProperty().addListener((o, was, now) -> reload());
            var viewer = Charts.viewer(chart, "metrics-chart");
            root = new VBox(8, new HBox(8, new Label("Model"), model, new Label("Metric"), metric, new Label("Range"), range),
                    summary, viewer);
            VBox.setVgrow(viewer, Priority.ALWAYS);
            root.setPadding(new Insets(10));
        }

        private void reload() {
            loadedAt = null;
            refresh();
        }

        @Override
        public Node node() {
            return root;
        }

        @Override
        public void refresh() {
            if (ModelPicker.fillIfEmpty(model, ctx)) return;
            String m = model.getValue();
            Metric x = metric.getValue();
            Range r = range.getValue();
            // Minute data: reloading more often than every 30 s redraws the same chart.
            if (m == null || x == null || r == null || loading || loadedAt != null && loadedAt.isAfter(Instant.now().minusSeconds(30))) {
                return;
            }
            loading = true;
            ctx.background("Loading " + x.wire() + " of " + m, () -> {
                Registry registry = ctx.service(Registry.class);
                Monitoring monitoring = ctx.service(Monitoring.class);
                int latest = registry.find(AssetType.MODEL, m).map(Asset::latestVersion).orElse(0);
                Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES);
                Instant from = to.minus(r.span);
                List<Line> lines = new ArrayList<>();
                for (int v = latest; v >= 1 && v > latest - VERSIONS; v--) {
                    List<Point> pts = new ArrayList<>();
                    for (Instant a = from; a.isBefore(to); a = a.plus(Duration.ofMinutes(CHUNK))) {
                        Instant b = a.plus(Duration.ofMinutes(CHUNK)).isAfter(to) ? to : a.plus(Duration.ofMinutes(CHUNK));
                        MetricSeries s = monitoring.series(new SeriesQuery(m, v, null, null, x, a, b, Duration.ofMinutes(1)));
                        for (MetricSeries.Point p : s.points()) if (!Double.isNaN(p.value())) pts.add(new Point(p.time(), p.value()));
                    }
                    lines.add(new Line(v, pts));
                }
                return lines;
            }, lines -> {
                loading = false;
                loadedAt = Instant.now();
                TimeSeriesCollection c = new TimeSeriesCollection();
                int points = 0;
                for (Line l : lines) {
                    c.addSeries(Charts.series("v" + l.version(), l.points()));
                    points += l.points().size();
                }
                chart.getXYPlot().setDataset(c);
                chart.setTitle(m + ": " + x.wire() + " over " + r.label);
                chart.getXYPlot().getRangeAxis().setLabel(x.wire());
                summary.setText(lines.size() + " version(s), " + points + " points at one-minute resolution"
                        + (points == 0 ? " (no events in this range)" : ""));
            }, t -> {
                loading = false;
                summary.setText(ctx.describe(t));
            });
        }
    }
}
