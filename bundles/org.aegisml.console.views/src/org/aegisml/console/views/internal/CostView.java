package org.aegisml.console.views.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.time.LocalDate;

import org.aegisml.api.cost.CostLedger;
import org.aegisml.api.cost.LedgerQuery;
import org.aegisml.api.cost.LedgerReport;
import org.aegisml.api.monitoring.CostQuery;
import org.aegisml.api.monitoring.CostReport;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.monitoring.VersionSummary;
import org.aegisml.console.View;
import org.aegisml.console.ViewContext;
import org.aegisml.console.ViewPane;
import org.aegisml.console.views.internal.model.CostModel;
import org.aegisml.console.views.internal.model.Format;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryMarker;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.osgi.service.component.annotations.Component;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Spend over the last 30 days per model, version, endpoint or project, stacked by day with
 * spikes marked; and cost against quality per model version with the Pareto front.
 */
@Component(service = View.class)
public final class CostView implements View {
    static final int DAYS = 30;
    static final int TOP = 8;
    static final int MAX_VERSIONS = 30;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC);

    @Override
    public String id() {
        return "cost";
    }

    @Override
    public String title() {
        return "Cost";
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public ViewPane open(ViewContext ctx) {
        return new Pane(ctx);
    }

    /** {@code ledger} is null where the session offers no cost ledger (an older server). */
    private record Loaded(CostReport report, List<CostModel.Point> quality, LedgerReport ledger) {
    }

    private static final class Pane implements ViewPane {
        private final ViewContext ctx;
        private final ComboBox<CostQuery.GroupBy> group = new ComboBox<>();
        private final Label total = new Label();
        private final Tables<CostModel.Split> split = new Tables<>("cost-split", CostModel.Split::key, CostModel.Split::key);
        private final Tables<CostReport.Spike> spikes = new Tables<>("cost-spikes", s -> s.day() + s.key(), CostReport.Spike::key);
        private final JFreeChart stacked = ChartFactory.createStackedBarChart("Spend per day (UTC)", null, "cost",
                new DefaultCategoryDataset(), PlotOrientation.VERTICAL, true, true, false);
        private final JFreeChart scatter = ChartFactory.createScatterPlot("Cost vs quality per model version",
                "cost per 1,000 calls", "accuracy", new XYSeriesCollection(), PlotOrientation.VERTICAL, true, true, false);
        private final VBox root;
        private Instant loadedAt;
        private boolean loading;

        Pane(ViewContext ctx) {
            this.ctx = ctx;
            group.setId("cost-group");
            group.getItems().setAll(CostQuery.GroupBy.values());
            group.setValue(CostQuery.GroupBy.MODEL);
            group.setOnAction(e -> {
                loadedAt = null;
                refresh();
            });
            total.setId("cost-total");
            total.setWrapText(true);
            spikes.column("Day", s -> DAY.format(s.day()), 70).column("Key", CostReport.Spike::key, 160)
                    .column("Cost", s -> Format.money(s.cost()), 80).column("Median", s -> Format.money(s.median()), 80)
                    .column("z", s -> Format.number(s.z()), 60);
            split.column("Key", CostModel.Split::key, 150).column("Tokens", x -> Format.money(x.tokens()), 80)
                    .column("Infrastructure", x -> Format.money(x.infrastructure()), 100)
                    .column("Total", x -> Format.money(x.total()), 80).column("Billed by", CostModel.Split::sources, 160);
            stacked.getTitle().setFont(stacked.getTitle().getFont().deriveFont(13f));
            scatter.getTitle().setFont(scatter.getTitle().getFont().deriveFont(13f));
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
            r.setSeriesLinesVisible(0, false);
            r.setSeriesShapesVisible(0, true);
            r.setSeriesPaint(0, Charts.STABLE);
            r.setSeriesLinesVisible(1, true);
            r.setSeriesShapesVisible(1, true);
            r.setSeriesPaint(1, Charts.CANDIDATE);
            scatter.getXYPlot().setRenderer(r);
            var bars = Charts.viewer(stacked, "cost-stacked");
            var points = Charts.viewer(scatter, "cost-quality");
            VBox side = new VBox(6, new Label("Token and infrastructure spend, " + DAYS + " days"), split.table(),
                    new Label("Spikes"), spikes.table());
            VBox.setVgrow(split.table(), Priority.ALWAYS);
            VBox.setVgrow(spikes.table(), Priority.ALWAYS);
            side.setPrefWidth(380);
            HBox lower = new HBox(8, points, side);
            HBox.setHgrow(points, Priority.ALWAYS);
            root = new VBox(8, new HBox(8, new Label("Group by"), group), total, bars, lower);
            VBox.setVgrow(bars, Priority.ALWAYS);
            VBox.setVgrow(lower, Priority.ALWAYS);
            root.setPadding(new Insets(10));
        }

        @Override
        public Node node() {
            return root;
        }

        @Override
        public void refresh() {
            if (loading || loadedAt != null && loadedAt.isAfter(Instant.now().minusSeconds(60))) return; // daily data
            loading = true;
            CostQuery.GroupBy by = group.getValue();
            ctx.background("Loading costs", () -> {
                Monitoring m = ctx.service(Monitoring.class);
                Instant now = Instant.now();
                Instant from = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(DAYS - 1));
                CostReport report = m.costs(new CostQuery(from, now, by, null, null));
                CostReport versions = by == CostQuery.GroupBy.VERSION ? report
                        : m.costs(new CostQuery(from, now, CostQuery.GroupBy.VERSION, null, null));
                Map<String, Double> spend = new LinkedHashMap<>();
                for (CostReport.Day d : versions.days()) spend.merge(d.key(), d.cost(), Double::sum);
                List<CostModel.Point> quality = new ArrayList<>();
                spend.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(MAX_VERSIONS)
                        .forEach(e -> {
                            int colon = e.getKey().lastIndexOf(':');
                            if (colon < 0) return;
                            String model = e.getKey().substring(0, colon);
                            int version;
                            try {
                                version = Integer.parseInt(e.getKey().substring(colon + 1));
                            } catch (NumberFormatException x) {
                                return;
                            }
                            VersionSummary s = m.summary(model, version, null, null, from, now);
                            if (s.count() > 0 && s.quality() != null && s.quality().accuracy() != null) {
                                quality.add(new CostModel.Point(e.getKey(), e.getValue() * 1000.0 / s.count(),
                                        s.quality().accuracy(), s.count()));
                            }
                        });
                LedgerReport ledger;
                try {
                    LocalDate today = LocalDate.now(ZoneOffset.UTC);
                    ledger = ctx.service(CostLedger.class).report(new LedgerQuery(today.minusDays(DAYS - 1), today.plusDays(1),
                            LedgerQuery.GroupBy.valueOf(by.name()), null, null));
                } catch (RuntimeException e) {
                    ledger = null; // a server without the ledger: token cost only, said so below
                }
                return new Loaded(report, quality, ledger);
            }, l -> {
                loading = false;
                loadedAt = Instant.now();
                draw(l);
            }, t -> loading = false);
        }

        private void draw(Loaded l) {
            CostReport r = l.report();
            CostModel.Stacked s = CostModel.stacked(r, TOP);
            DefaultCategoryDataset d = new DefaultCategoryDataset();
            s.byKey().forEach((key, values) -> {
                for (int i = 0; i < values.length; i++) d.addValue(values[i], key, DAY.format(s.days().get(i)));
            });
            CategoryPlot p = stacked.getCategoryPlot();
            p.setDataset(d);
            p.clearDomainMarkers();
            for (CostReport.Spike sp : r.spikes()) {
                CategoryMarker mk = new CategoryMarker(DAY.format(sp.day()), Charts.LIMIT, new java.awt.BasicStroke(2f));
                mk.setLabel("spike: " + sp.key());
                mk.setDrawAsLine(true);
                p.addDomainMarker(mk);
            }
            spikes.set(r.spikes());
            LedgerReport ledger = l.ledger();
            split.set(ledger == null ? List.of() : CostModel.split(ledger));
            total.setText("Token cost over " + DAYS + " days: " + Format.money(r.total()) + ", " + r.spikes().size()
                    + " spike(s). " + (ledger == null ? "Infrastructure cost: this server has no cost ledger."
                            : ledger.infrastructure() > 0 ? "Infrastructure cost: " + Format.money(ledger.infrastructure())
                                    + " (" + ledger.currency() + ", from the providers' billing)."
                                    : "Infrastructure cost: none reported by the installed providers' cost sources."));
            XYSeries pts = new XYSeries("model versions");
            for (CostModel.Point q : l.quality()) pts.add(q.costPerThousand(), q.quality());
            XYSeries front = new XYSeries("Pareto front", false);
            for (CostModel.Point q : CostModel.paretoFront(l.quality())) front.add(q.costPerThousand(), q.quality());
            XYSeriesCollection c = new XYSeriesCollection();
            c.addSeries(pts);
            c.addSeries(front);
            XYPlot xy = scatter.getXYPlot();
            xy.setDataset(c);
        }
    }
}
