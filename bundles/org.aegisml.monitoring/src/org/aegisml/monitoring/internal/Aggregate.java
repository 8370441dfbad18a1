package org.aegisml.monitoring.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.aegisml.monitoring.internal.sketch.CategoricalStats;
import org.aegisml.monitoring.internal.sketch.LatencySketch;
import org.aegisml.monitoring.internal.sketch.NumericBins;
import org.aegisml.monitoring.internal.sketch.NumericStats;

/**
 * The mergeable summary of a set of events (one bucket of one model version, endpoint and
 * arm, or any union of those): counters, a latency sketch, the prediction distribution,
 * per-feature statistics, LLM signal tallies and, once labels arrive, quality. Merging two
 * aggregates gives exactly the aggregate of the union (up to the sketches' stated error), so
 * minutes roll up into hours and days, and queries merge rows instead of rescanning events.
 * Not thread-safe: each is confined to one thread.
 */
final class Aggregate {
    /** 2 added the per-project tallies; format 1 rows (none) still read. */
    private static final byte FORMAT = 2;

    /** Per-signal tally: events scored, events at or above the flag level, sum of scores. */
    static final class SignalTally {
        long scored;
        long flagged;
        double sum;

        void merge(SignalTally o) {
            scored += o.scored;
            flagged += o.flagged;
            sum += o.sum;
        }
    }

    /** Events, tokens and cost of one project (the events' {@code project_id}; "" when absent). */
    static final class ProjectTally {
        long events;
        long inputTokens;
        long outputTokens;
        double cost;

        void merge(ProjectTally o) {
            events += o.events;
            inputTokens += o.inputTokens;
            outputTokens += o.outputTokens;
            cost += o.cost;
        }
    }

    long count;
    long errors;
    LatencySketch latency;
    long inputTokens;
    long outputTokens;
    double cost;
    long llmEvents;
    /**
     * Keyed by feature name; predictions in {@link #outputs} under the reserved names
     * {@link MonitoringService#PREDICTION} and {@link MonitoringService#PROBABILITY}.
     */
    final Map<String, Object> features = new TreeMap<>();
    final Map<String, Object> outputs = new TreeMap<>();
    final Map<String, SignalTally> signals = new TreeMap<>();
    final Map<String, ProjectTally> projects = new TreeMap<>();
    long labelled;
    long classLabelled;
    long correct;
    long numericLabelled;
    double absError;
    double squaredError;

    boolean isEmpty() {
        return count == 0 && labelled == 0;
    }

    void addLatency(double ms) {
        if (latency == null) latency = new LatencySketch();
        latency.add(ms);
    }

    void signal(String name, double score, double flagAt) {
        SignalTally t = signals.computeIfAbsent(name, k -> new SignalTally());
        t.scored++;
        t.sum += score;
        if (score >= flagAt) t.flagged++;
    }

    void merge(Aggregate o) {
        count += o.count;
        errors += o.errors;
        if (o.latency != null) {
            if (latency == null) latency = o.latency.copy();
            else latency.merge(o.latency);
        }
        inputTokens += o.inputTokens;
        outputTokens += o.outputTokens;
        cost += o.cost;
        llmEvents += o.llmEvents;
        mergeStats(features, o.features);
        mergeStats(outputs, o.outputs);
        o.signals.forEach((k, v) -> signals.computeIfAbsent(k, x -> new SignalTally()).merge(v));
        o.projects.forEach((k, v) -> projects.computeIfAbsent(k, x -> new ProjectTally()).merge(v));
        labelled += o.labelled;
        classLabelled += o.classLabelled;
        correct += o.correct;
        numericLabelled += o.numericLabelled;
        absError += o.absError;
        squaredError += o.squaredError;
    }

    private static void mergeStats(Map<String, Object> into, Map<String, Object> from) {
        for (Map.Entry<String, Object> e : from.entrySet()) {
            Object mine = into.get(e.getKey());
            Object theirs = e.getValue();
            if (mine == null) {
                into.put(e.getKey(), theirs instanceof NumericStats n ? n.copy() : ((CategoricalStats) theirs).copy());
            } else if (mine instanceof NumericStats n && theirs instanceof NumericStats t) {
                n.merge(t);
            } else if (mine instanceof CategoricalStats c && theirs instanceof CategoricalStats t) {
                c.merge(t);
            }
            // Different kinds cannot happen: a feature's kind is fixed per model at first sight.
        }
    }

    byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeLong(count);
            out.writeLong(errors);
            out.writeLong(inputTokens);
            out.writeLong(outputTokens);
            out.writeDouble(cost);
            out.writeLong(llmEvents);
            out.writeLong(labelled);
            out.writeLong(classLabelled);
            out.writeLong(correct);
            out.writeLong(numericLabelled);
            out.writeDouble(absError);
            out.writeDouble(squaredError);
            out.writeBoolean(latency != null);
            if (latency != null) latency.writeTo(out);
            out.writeInt(signals.size());
            for (Map.Entry<String, SignalTally> e : signals.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue().scored);
                out.writeLong(e.getValue().flagged);
                out.writeDouble(e.getValue().sum);
            }
            out.writeInt(projects.size());
            for (Map.Entry<String, ProjectTally> e : projects.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue().events);
                out.writeLong(e.getValue().inputTokens);
                out.writeLong(e.getValue().outputTokens);
                out.writeDouble(e.getValue().cost);
            }
            writeStats(out, outputs);
            writeStats(out, features);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeStats(DataOutputStream out, Map<String, Object> stats) throws IOException {
        out.writeInt(stats.size());
        for (Map.Entry<String, Object> e : stats.entrySet()) {
            out.writeUTF(e.getKey());
            if (e.getValue() instanceof NumericStats n) {
                out.writeByte('n');
                n.writeTo(out);
            } else {
                out.writeByte('c');
                ((CategoricalStats) e.getValue()).writeTo(out);
            }
        }
    }

    /**
     * Reads an encoded aggregate; an empty array (a row just created, or never written) is an
     * empty aggregate. {@code withFeatures} false skips the per-feature section, which is
     * most of the bytes and not needed for counters, latency or cost. {@code bins} gives the
     * numeric bins of a feature (or output) by name.
     */
    static Aggregate decode(byte[] data, boolean withFeatures, Function<String, NumericBins> bins) {
        Aggregate a = new Aggregate();
        if (data == null || data.length == 0) return a;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != 1 && format != FORMAT) throw new IllegalStateException("unknown summary format " + format);
            a.count = in.readLong();
            a.errors = in.readLong();
            a.inputTokens = in.readLong();
            a.outputTokens = in.readLong();
            a.cost = in.readDouble();
            a.llmEvents = in.readLong();
            a.labelled = in.readLong();
            a.classLabelled = in.readLong();
            a.correct = in.readLong();
            a.numericLabelled = in.readLong();
            a.absError = in.readDouble();
            a.squaredError = in.readDouble();
            if (in.readBoolean()) a.latency = LatencySketch.readFrom(in);
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                SignalTally t = new SignalTally();
                String name = in.readUTF();
                t.scored = in.readLong();
                t.flagged = in.readLong();
                t.sum = in.readDouble();
                a.signals.put(name, t);
            }
            if (format >= 2) {
                int p = in.readInt();
                for (int i = 0; i < p; i++) {
                    ProjectTally t = new ProjectTally();
                    String name = in.readUTF();
                    t.events = in.readLong();
                    t.inputTokens = in.readLong();
                    t.outputTokens = in.readLong();
                    t.cost = in.readDouble();
                    a.projects.put(name, t);
                }
            }
            readStats(in, a.outputs, bins);
            if (withFeatures) readStats(in, a.features, bins);
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt summary", e);
        }
    }

    private static void readStats(DataInputStream in, Map<String, Object> into, Function<String, NumericBins> bins)
            throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            byte kind = in.readByte();
            into.put(name, kind == 'n' ? NumericStats.readFrom(in, bins.apply(name)) : CategoricalStats.readFrom(in));
        }
    }
}
