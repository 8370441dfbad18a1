package org.aegisml.console.views.internal;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.File;
import java.io.IOException;
import java.util.List;

import org.aegisml.console.views.internal.model.RolloutModel.Point;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.FileChooser;

/**
 * JFreeChart charts in the views: a viewer that zooms (drag, wheel) and pans (Ctrl+drag), with
 * an "Export PNG" button. Charts are redrawn by replacing their dataset, never rebuilt.
 */
final class Charts {
    static final Color CANDIDATE = new Color(0xF7, 0x90, 0x09);
    static final Color STABLE = new Color(0x15, 0x70, 0xEF);
    static final Color LIMIT = new Color(0xD9, 0x2D, 0x20);

    private Charts() {
    }

    static JFreeChart timeChart(String title, String yLabel) {
        JFreeChart c = ChartFactory.createTimeSeriesChart(title, null, yLabel, new TimeSeriesCollection(), true, true, false);
        c.getTitle().setFont(c.getTitle().getFont().deriveFont(13f));
        XYPlot p = c.getXYPlot();
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(new Color(0xE4, 0xE7, 0xEC));
        p.setRangeGridlinePaint(new Color(0xE4, 0xE7, 0xEC));
        return c;
    }

    /**
     * Draws the chart's lines with at most a few segments per pixel column: a 30-day chart at
     * one-minute resolution has 43,200 points per series, far more than the pixels that show
     * them, and drawing each costs the redraw its budget (see BENCHMARKS.md, console).
     */
    static JFreeChart sampled(JFreeChart chart) {
        chart.getXYPlot().setRenderer(new org.jfree.chart.renderer.xy.SamplingXYLineRenderer());
        return chart;
    }

    static TimeSeries series(String name, List<Point> points) {
        TimeSeries s = new TimeSeries(name);
        for (Point p : points) s.addOrUpdate(new FixedMillisecond(p.at().toEpochMilli()), p.value());
        return s;
    }

    /** Traffic weight of the candidate as steps, 0-100 %. */
    static void weights(JFreeChart chart, List<Point> points) {
        XYPlot p = chart.getXYPlot();
        p.setDataset(new TimeSeriesCollection(series("candidate weight %", points)));
        XYStepRenderer r = new XYStepRenderer();
        r.setSeriesPaint(0, CANDIDATE);
        r.setSeriesStroke(0, new BasicStroke(2f));
        p.setRenderer(r);
        p.getRangeAxis().setRange(0, 105);
    }

    /** Candidate and stable over time with the rule's limit drawn as a line. */
    static void metric(JFreeChart chart, List<Point> candidate, List<Point> stable, Double limit) {
        XYPlot p = chart.getXYPlot();
        TimeSeriesCollection d = new TimeSeriesCollection();
        d.addSeries(series("candidate", candidate));
        d.addSeries(series("stable", stable));
        p.setDataset(d);
        p.getRenderer().setSeriesPaint(0, CANDIDATE);
        p.getRenderer().setSeriesPaint(1, STABLE);
        p.clearRangeMarkers();
        if (limit != null) {
            ValueMarker m = new ValueMarker(limit, LIMIT, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                    10f, new float[] { 6f, 4f }, 0f));
            m.setLabel("limit " + org.aegisml.console.views.internal.model.Format.number(limit));
            p.addRangeMarker(m);
        }
    }

    /** The chart in a zoomable viewer, with an export button above it. */
    static BorderPane viewer(JFreeChart chart, String id) {
        ChartViewer v = new ChartViewer(chart);
        v.setId(id);
        Button export = new Button("Export PNG");
        export.setId(id + "-export");
        export.setTooltip(new Tooltip("Save this chart as a PNG image"));
        export.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setInitialFileName(id + ".png");
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
            File f = fc.showSaveDialog(v.getScene().getWindow());
            if (f != null) png(chart, f, (int) Math.max(800, v.getWidth()), (int) Math.max(500, v.getHeight()));
        });
        BorderPane box = new BorderPane(v);
        HBox bar = new HBox(export);
        box.setTop(bar);
        box.setMinHeight(220);
        return box;
    }

    static void png(JFreeChart chart, File file, int width, int height) {
        try {
            ChartUtils.saveChartAsPNG(file, chart, width, height);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not write " + file, e);
        }
    }
}
