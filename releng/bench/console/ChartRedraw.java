import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.renderer.xy.SamplingXYLineRenderer;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * How long the console takes to redraw a 30-day chart at one-minute resolution (issue 6:
 * 43,200 points x 5 series, goal 200 ms). The chart is built as the console's Charts.timeChart
 * builds it, in a ChartViewer in a real window; each round replaces the dataset (what a reload
 * does) and times, on the JavaFX thread, the canvas's draw() and then a snapshot of the canvas,
 * which waits for the pixels. Prints the median and the 90th percentile of each, per renderer.
 *   java ChartRedraw [points=43200] [series=5] [rounds=30]
 */
public final class ChartRedraw {
    public static void main(String[] args) throws Exception {
        int points = args.length > 0 ? Integer.parseInt(args[0]) : 43_200;
        int series = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Platform.startup(() -> {
        });
        for (String renderer : List.of("line (JFreeChart default)", "sampling (the console's)")) {
            boolean sampling = renderer.startsWith("sampling");
            JFreeChart chart = ChartFactory.createTimeSeriesChart("bench", null, "value", new TimeSeriesCollection(), true, true, false);
            if (sampling) chart.getXYPlot().setRenderer(new SamplingXYLineRenderer());
            ChartViewer viewer = fx(() -> {
                ChartViewer v = new ChartViewer(chart);
                Stage s = new Stage();
                s.setScene(new Scene(v, 1200, 600));
                s.show();
                return v;
            });
            List<Double> draw = new ArrayList<>(), pixels = new ArrayList<>();
            for (int r = -5; r < rounds; r++) {
                TimeSeriesCollection data = dataset(points, series, r);
                double[] t = fx(() -> {
                    long t0 = System.nanoTime();
                    chart.getXYPlot().setDataset(data); // the dataset change redraws the canvas at once
                    viewer.getCanvas().draw();
                    long t1 = System.nanoTime();
                    viewer.getCanvas().snapshot(null, null);
                    long t2 = System.nanoTime();
                    return new double[] { (t1 - t0) / 1e6, (t2 - t0) / 1e6 };
                });
                if (r >= 0) {
                    draw.add(t[0]);
                    pixels.add(t[1]);
                }
            }
            System.out.printf(Locale.ROOT, "%-28s %d x %d points: draw median %.1f ms p90 %.1f ms | until pixels median %.1f ms p90 %.1f ms%n",
                    renderer, series, points, q(draw, 0.5), q(draw, 0.9), q(pixels, 0.5), q(pixels, 0.9));
        }
        Platform.exit();
    }

    static TimeSeriesCollection dataset(int points, int series, int round) {
        TimeSeriesCollection c = new TimeSeriesCollection();
        long start = Instant.parse("2026-10-24T00:00:00Z").toEpochMilli();
        java.util.Random rnd = new java.util.Random(round);
        for (int s = 0; s < series; s++) {
            TimeSeries ts = new TimeSeries("v" + (s + 1));
            double v = 100 + s * 20;
            for (int i = 0; i < points; i++) {
                v += rnd.nextGaussian();
                ts.add(new FixedMillisecond(start + i * 60_000L), v, false);
            }
            c.addSeries(ts);
        }
        return c;
    }

    static double q(List<Double> xs, double q) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[(int) Math.min(a.length - 1, Math.floor(q * a.length))];
    }

    static <T> T fx(java.util.concurrent.Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }
}
