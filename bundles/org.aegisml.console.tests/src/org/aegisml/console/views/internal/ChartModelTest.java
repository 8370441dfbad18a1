package org.aegisml.console.views.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.aegisml.api.monitoring.CostQuery;
import org.aegisml.api.monitoring.CostReport;
import org.aegisml.api.monitoring.DriftReport;
import org.aegisml.api.monitoring.DriftReport.DriftBin;
import org.aegisml.api.monitoring.DriftReport.FeatureDrift;
import org.aegisml.api.monitoring.DriftReport.MethodResult;
import org.aegisml.api.monitoring.DriftStatus;
import org.aegisml.api.monitoring.DriftThreshold;
import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.LineageEdge;
import org.aegisml.api.registry.LineageNode;
import org.aegisml.api.registry.LineageRelation;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.console.views.internal.model.CostModel;
import org.aegisml.console.views.internal.model.DriftModel;
import org.aegisml.console.views.internal.model.LineageLayout;
import org.junit.jupiter.api.Test;

/** The drift, cost and lineage models behind the charts, without a screen. */
class ChartModelTest {
    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    static final DriftThreshold PSI = new DriftThreshold(0.1, 0.25, DriftThreshold.Direction.SCORE_ABOVE);
    static final DriftThreshold KS = new DriftThreshold(0.05, 0.01, DriftThreshold.Direction.P_VALUE_BELOW);

    static FeatureDrift feature(String name, DriftStatus status, double psi, double ksP) {
        return new FeatureDrift(name, false, FeatureKind.NUMERIC, status, List.of(
                new MethodResult("psi", psi, Double.NaN, PSI, PSI.classify(new org.aegisml.api.monitoring.DriftScore(psi, Double.NaN)), null),
                new MethodResult("ks", 0.1, ksP, KS, KS.classify(new org.aegisml.api.monitoring.DriftScore(0.1, ksP)), null)),
                100, 0, 50, 0, List.of(new DriftBin(0.0, 1.0, null, 75, 10), new DriftBin(1.0, 2.0, null, 25, 40)), null);
    }

    static DriftReport report(Instant to, FeatureDrift... features) {
        return new DriftReport("churn", 1, null, null, null, to.minusSeconds(3600), to, 100, 50, DriftStatus.ALERT,
                List.of(features), List.of());
    }

    @Test
    void featuresAreRankedByStatusThenScoreAndBinsBecomeShares() {
        DriftReport r = report(T0, feature("calm", DriftStatus.OK, 0.02, 0.6), feature("hot", DriftStatus.ALERT, 0.4, 0.2),
                feature("warm", DriftStatus.WARN, 0.15, 0.3), feature("hotter", DriftStatus.ALERT, 0.9, 0.2));
        List<DriftModel.Row> rows = DriftModel.ranked(r);
        assertEquals(List.of("hotter", "hot", "warm", "calm"), rows.stream().map(DriftModel.Row::feature).toList());
        assertEquals("psi", rows.getFirst().method(), "the method that raised the alert is shown");
        assertEquals(0.9, rows.getFirst().score());
        // ks at p=0.004 alerts too, and is then the telling method.
        DriftModel.Row ks = DriftModel.ranked(report(T0, feature("x", DriftStatus.ALERT, 0.01, 0.004))).getFirst();
        assertEquals("ks", ks.method());

        List<DriftModel.Bar> bars = DriftModel.histogram(feature("x", DriftStatus.OK, 0, 1));
        assertEquals(List.of(new DriftModel.Bar("[0, 1)", 0.75, 0.2), new DriftModel.Bar("[1, 2)", 0.25, 0.8)), bars);
    }

    @Test
    void scoresOverWindowsFollowTheMethodsDirection() {
        List<DriftReport> hours = List.of(report(T0.plusSeconds(7200), feature("x", DriftStatus.WARN, 0.2, 0.03)),
                report(T0.plusSeconds(3600), feature("x", DriftStatus.OK, 0.05, 0.5)));
        assertEquals(List.of(new DriftModel.Point(T0.plusSeconds(3600), 0.05), new DriftModel.Point(T0.plusSeconds(7200), 0.2)),
                DriftModel.scores(hours, "x", "psi"));
        assertEquals(List.of(0.5, 0.03), DriftModel.scores(hours, "x", "ks").stream().map(DriftModel.Point::score).toList(),
                "a p-value method is drawn by its p-value, against its p-value thresholds");
        assertEquals(List.of(), DriftModel.scores(hours, "y", "psi"));
    }

    static CostReport.Day day(int d, String key, double cost) {
        return new CostReport.Day(T0.plus(Duration.ofDays(d)), key, cost, 0, 0, 1);
    }

    @Test
    void spendIsStackedPerDayWithTheSmallKeysFoldedIntoOther() {
        CostReport r = new CostReport(T0, T0.plus(Duration.ofDays(3)), CostQuery.GroupBy.MODEL, 0, List.of(day(0, "a", 5),
                day(0, "b", 1), day(1, "a", 3), day(1, "c", 0.5), day(2, "d", 0.25), day(2, "b", 2)), List.of());
        CostModel.Stacked s = CostModel.stacked(r, 2);
        assertEquals(List.of(T0, T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2))), s.days());
        assertEquals(List.of("a", "b", CostModel.OTHER), List.copyOf(s.byKey().keySet()));
        assertArrayEquals(new double[] { 5, 3, 0 }, s.byKey().get("a"));
        assertArrayEquals(new double[] { 0, 0.5, 0.25 }, s.byKey().get(CostModel.OTHER));
        // One key too many is shown by name, not as "other".
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(CostModel.stacked(r, 3).byKey().keySet()));
    }

    @Test
    void theLedgerIsSummedPerGroupWithTokenAndProviderSpendSideBySide() {
        java.time.LocalDate d = java.time.LocalDate.parse("2026-11-01");
        var ledger = new org.aegisml.api.cost.LedgerReport(d, d.plusDays(2), org.aegisml.api.cost.LedgerQuery.GroupBy.MODEL,
                "USD", 3, 17, List.of(
                        new org.aegisml.api.cost.LedgerReport.Row(d, "fraud", 1, 5, Map.of("aws", 5.0)),
                        new org.aegisml.api.cost.LedgerReport.Row(d, "chat", 2, 0, Map.of()),
                        new org.aegisml.api.cost.LedgerReport.Row(d.plusDays(1), "fraud", 0, 12, Map.of("aws", 8.0, "gcp", 4.0))),
                List.of(), Map.of());
        List<CostModel.Split> s = CostModel.split(ledger);
        assertEquals(List.of("fraud", "chat"), s.stream().map(CostModel.Split::key).toList(), "costliest first");
        assertEquals(1, s.get(0).tokens(), 1e-9);
        assertEquals(17, s.get(0).infrastructure(), 1e-9);
        assertEquals(18, s.get(0).total(), 1e-9);
        assertEquals("aws $13.00, gcp $4.00", s.get(0).sources());
        assertEquals("", s.get(1).sources());
    }

    @Test
    void theParetoFrontKeepsVersionsNoOtherIsBothCheaperAndBetterThan() {
        List<CostModel.Point> pts = List.of(new CostModel.Point("a:1", 1.0, 0.80, 10), new CostModel.Point("a:2", 2.0, 0.85, 10),
                new CostModel.Point("b:1", 2.5, 0.84, 10), new CostModel.Point("b:2", 4.0, 0.95, 10),
                new CostModel.Point("c:1", 1.0, 0.70, 10));
        assertEquals(List.of("a:1", "a:2", "b:2"), CostModel.paretoFront(pts).stream().map(CostModel.Point::version).toList());
        assertEquals(List.of(), CostModel.paretoFront(List.of()));
    }

    static VersionRef v(String name, int version) {
        return new VersionRef(AssetType.MODEL, name, version);
    }

    @Test
    void lineageIsLaidOutUpstreamLeftAndDownstreamRight() {
        VersionRef m = v("churn", 2);
        VersionRef data = new VersionRef(AssetType.DATASET, "train", 4);
        VersionRef raw = new VersionRef(AssetType.DATASET, "raw", 1);
        VersionRef eval = new VersionRef(AssetType.DATASET, "golden", 1);
        LineageEdge trained = new LineageEdge(m, data, LineageRelation.TRAINED_ON, T0, "bob");
        LineageEdge derived = new LineageEdge(data, raw, LineageRelation.DERIVED_FROM, T0, "bob");
        LineageEdge evaluated = new LineageEdge(m, eval, LineageRelation.EVALUATED_ON, T0, "bob");
        LineageEdge child = new LineageEdge(m, v("churn", 3), LineageRelation.PARENT_OF, T0, "bob");
        LineageLayout.Graph g = LineageLayout.of(m, List.of(new LineageNode(m, 0, null), new LineageNode(data, 1, trained),
                new LineageNode(eval, 1, evaluated), new LineageNode(raw, 2, derived)), List.of(new LineageNode(v("churn", 3), 1, child)));
        assertEquals(List.of(new LineageLayout.Node(m, 0, 0), new LineageLayout.Node(data, -1, 0),
                new LineageLayout.Node(eval, -1, 1), new LineageLayout.Node(raw, -2, 0), new LineageLayout.Node(v("churn", 3), 1, 0)),
                g.nodes());
        assertEquals(4, g.edges().size());
        assertEquals("trained_on", g.edges().getFirst().relation());
    }

    @Test
    void aChartIsExportedAsAPng() throws Exception {
        org.jfree.chart.JFreeChart chart = Charts.sampled(Charts.timeChart("export", "value"));
        Charts.metric(chart, List.of(new org.aegisml.console.views.internal.model.RolloutModel.Point(T0, 0.01),
                new org.aegisml.console.views.internal.model.RolloutModel.Point(T0.plusSeconds(60), 0.03)), List.of(), 0.05);
        java.nio.file.Path f = java.nio.file.Files.createTempFile("chart", ".png");
        try {
            Charts.png(chart, f.toFile(), 640, 400);
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(f.toFile());
            assertEquals(640, img.getWidth());
            assertEquals(400, img.getHeight());
        } finally {
            java.nio.file.Files.deleteIfExists(f);
        }
    }
}
