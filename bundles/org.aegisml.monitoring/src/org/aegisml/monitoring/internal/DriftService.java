package org.aegisml.monitoring.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.monitoring.Baseline;
import org.aegisml.api.monitoring.BaselineSpec;
import org.aegisml.api.monitoring.DriftAnalysis;
import org.aegisml.api.monitoring.DriftDetector;
import org.aegisml.api.monitoring.DriftQuery;
import org.aegisml.api.monitoring.DriftReport;
import org.aegisml.api.monitoring.DriftReport.DriftBin;
import org.aegisml.api.monitoring.DriftReport.FeatureDrift;
import org.aegisml.api.monitoring.DriftReport.MethodResult;
import org.aegisml.api.monitoring.DriftReport.QualityChange;
import org.aegisml.api.monitoring.DriftScore;
import org.aegisml.api.monitoring.DriftSettings;
import org.aegisml.api.monitoring.DriftStatus;
import org.aegisml.api.monitoring.DriftThreshold;
import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.Histogram;
import org.aegisml.api.registry.ArtifactContent;
import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.DatasetVersionSpec;
import org.aegisml.api.registry.FeatureSpec;
import org.aegisml.api.registry.LineageDirection;
import org.aegisml.api.registry.LineageNode;
import org.aegisml.api.registry.LineageRelation;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.api.store.MonitoringRepository.BaselineRow;
import org.aegisml.api.store.Store;
import org.aegisml.monitoring.internal.Schemes.Scheme;
import org.aegisml.monitoring.internal.drift.PsiDetector;
import org.aegisml.monitoring.internal.sketch.CategoricalStats;
import org.aegisml.monitoring.internal.sketch.NumericBins;
import org.aegisml.monitoring.internal.sketch.NumericStats;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Baselines, drift settings and drift reports. A dataset baseline is read from its file once
 * and kept as a summary binned exactly like live traffic (the model's feature schemes; a
 * feature first seen in the dataset gets its bins from the dataset's range), so a report
 * only merges summaries and compares histograms that share their bins. Detectors are
 * whiteboard services: every registered one that supports a feature's kind is run.
 */
@Component(service = DriftAnalysis.class, immediate = true)
public final class DriftService implements DriftAnalysis {
    private static final Logger LOG = LoggerFactory.getLogger(DriftService.class);
    /** Ranges of equal baseline mass shown per numeric feature. */
    static final int DISPLAY_BINS = 20;
    /** Categories shown per categorical feature (from both sides), before the catch-all. */
    static final int DISPLAY_CATEGORIES = 20;
    /** Dataset columns that describe an event rather than being one of its features. */
    private static final Set<String> METADATA = Set.of("event_id", "timestamp", "project_id", "model_id",
            "model_version", "endpoint", "arm", "status", "latency_ms", "prompt_version", "input", "output", "context",
            "samples", "input_tokens", "output_tokens", "cost");
    static final String Y_PRED = "y_pred";
    static final String Y_PROBA = "y_proba";
    static final String Y_TRUE = "y_true";

    private final Store store;
    private final Registry registry;
    private final MonitoringService monitoring;
    private final ObjectMapper json = new ObjectMapper();
    private final List<DriftDetector> detectors = new CopyOnWriteArrayList<>();

    @Activate
    public DriftService(@Reference Store store, @Reference Registry registry, @Reference MonitoringService monitoring) {
        this.store = store;
        this.registry = registry;
        this.monitoring = monitoring;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDetector(DriftDetector d) {
        detectors.add(d);
    }

    void removeDetector(DriftDetector d) {
        detectors.remove(d);
    }

    private Map<String, DriftDetector> installed() {
        Map<String, DriftDetector> byMethod = new java.util.TreeMap<>();
        for (DriftDetector d : detectors) byMethod.putIfAbsent(d.method(), d);
        return byMethod;
    }

    // ---------------------------------------------------------------- baselines

    @Override
    public Baseline setBaseline(String model, int version, BaselineSpec spec, Actor actor) {
        actor.require(Role.OPERATOR);
        int v = monitoring.models().resolveForQuery(model, version);
        if (spec == null) throw new ValidationException("baseline", "a baseline needs a dataset or a window");
        boolean dataset = spec.dataset() != null && !spec.dataset().isBlank();
        boolean window = spec.from() != null || spec.to() != null;
        if (dataset == window) {
            throw new ValidationException("baseline", "give either a dataset (\"dataset\", \"dataset_version\") or a "
                    + "window of live traffic (\"from\", \"to\"), not both");
        }
        Computed c = dataset ? fromDataset(model, v, spec.dataset(), spec.datasetVersion(), actor)
                : fromWindow(model, v, spec, actor);
        save(c, actor);
        return c.baseline();
    }

    /** A baseline with, for a dataset, its summary. */
    private record Computed(Baseline baseline, byte[] data) {
    }

    private Computed fromWindow(String model, int version, BaselineSpec spec, Actor actor) {
        if (spec.from() == null || spec.to() == null) {
            throw new ValidationException(spec.from() == null ? "from" : "to", "a window baseline needs both from and to");
        }
        if (!spec.from().isBefore(spec.to())) throw new ValidationException("from", "from must be before to");
        if (spec.to().isAfter(Instant.now().plusSeconds(60))) {
            throw new ValidationException("to", "a baseline window must lie in the past; to is " + spec.to());
        }
        int wv = spec.windowVersion() == null ? version : monitoring.models().resolveForQuery(model, spec.windowVersion());
        String endpoint = spec.endpoint() == null || spec.endpoint().isBlank() ? null : spec.endpoint();
        long rows = monitoring.queries().window(model, wv, endpoint, null, spec.from(), spec.to(), false).count;
        if (rows == 0) {
            throw new ValidationException("from", "model '" + model + "' version " + wv + " has no traffic"
                    + (endpoint == null ? "" : " on endpoint '" + endpoint + "'") + " between " + spec.from() + " and "
                    + spec.to());
        }
        return new Computed(new Baseline(model, version, Baseline.Source.WINDOW, null, null, wv, endpoint, spec.from(),
                spec.to(), rows, List.of(), Instant.now(), actor.name()), null);
    }

    /** A dataset column and what it feeds. */
    private record Column(String name, String stored, boolean output, boolean numeric) {
    }

    private Computed fromDataset(String model, int version, String dataset, Integer datasetVersion, Actor actor) {
        Asset asset = registry.find(AssetType.DATASET, dataset)
                .orElseThrow(() -> new NotFoundException("dataset", "no dataset named '" + dataset + "'"));
        int dv = datasetVersion == null ? asset.latestVersion() : datasetVersion;
        if (dv < 1) throw new ValidationException("dataset_version", "dataset '" + dataset + "' has no versions yet");
        var av = registry.version(AssetType.DATASET, dataset, dv).orElseThrow(
                () -> new NotFoundException("dataset_version", "dataset '" + dataset + "' has no version " + dv));
        DatasetVersionSpec ds = (DatasetVersionSpec) av.spec();

        List<String> skipped = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        boolean labels = false;
        for (FeatureSpec f : ds.schema()) {
            String n = f.name();
            boolean numeric = "number".equals(f.type()) || "integer".equals(f.type());
            boolean nested = "array".equals(f.type()) || "object".equals(f.type());
            if (n.equals(Y_TRUE)) {
                labels = true;
            } else if (METADATA.contains(n)) {
                skipped.add(n + ": event metadata, not a feature");
            } else if (n.equals(Y_PROBA)) {
                columns.add(new Column(n, MonitoringService.PROBABILITY, true, true));
            } else if (n.equals(Y_PRED)) {
                if (nested) skipped.add(n + ": a prediction must be a number or a string");
                else columns.add(new Column(n, MonitoringService.PREDICTION, true, numeric));
            } else if (n.startsWith("__") || n.length() > 200) {
                skipped.add(n + ": not a valid feature name");
            } else if (nested) {
                skipped.add(n + ": arrays and objects cannot be binned");
            } else {
                columns.add(new Column(n, n, false, numeric));
            }
        }
        // A numeric scheme that does not exist yet gets its bins from the dataset's range,
        // which takes a first pass over the file. New schemes are fixed only after that pass
        // has read the whole file, so a file refused half-way leaves no trace.
        Map<String, double[]> ranges = new HashMap<>();
        List<Column> newCategories = new ArrayList<>();
        for (Column c : columns) {
            if (monitoring.scheme(model, c.stored()) != null) continue;
            if (c.numeric()) ranges.put(c.name(), new double[] { Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY });
            else newCategories.add(c);
        }
        if (!ranges.isEmpty() || !newCategories.isEmpty()) {
            Set<String> seen = new java.util.HashSet<>();
            read(dataset, dv, ds, (row, values) -> {
                ranges.forEach((name, r) -> {
                    Double d = number(values.get(name));
                    if (d != null) {
                        r[0] = Math.min(r[0], d);
                        r[1] = Math.max(r[1], d);
                    }
                });
                for (Column c : newCategories) {
                    if (values.get(c.name()) != null) seen.add(c.name());
                }
            });
            for (Map.Entry<String, double[]> e : ranges.entrySet()) {
                Column c = columns.stream().filter(x -> x.name().equals(e.getKey())).findFirst().orElseThrow();
                if (e.getValue()[0] > e.getValue()[1]) continue; // no values: the column is skipped below
                monitoring.defineScheme(model, c.stored(), FeatureKind.NUMERIC, e.getValue());
            }
            for (Column c : newCategories) {
                if (seen.contains(c.name())) monitoring.defineScheme(model, c.stored(), FeatureKind.CATEGORICAL, null);
            }
        }
        Map<String, Scheme> schemes = new HashMap<>();
        for (Column c : columns) {
            Scheme s = monitoring.scheme(model, c.stored());
            if (s == null) {
                skipped.add(c.name() + ": no values");
            } else if (s.kind() == FeatureKind.NUMERIC && !c.numeric()) {
                skipped.add(c.name() + ": holds text, but model '" + model + "' receives numbers here");
            } else {
                schemes.put(c.name(), s);
            }
        }
        Aggregate agg = new Aggregate();
        boolean withLabels = labels;
        read(dataset, dv, ds, (row, values) -> {
            agg.count++;
            for (Column c : columns) {
                Scheme s = schemes.get(c.name());
                if (s == null) continue;
                Object v = values.get(c.name());
                if (v == null) continue;
                Map<String, Object> into = c.output() ? agg.outputs : agg.features;
                if (s.kind() == FeatureKind.NUMERIC) {
                    Double d = number(v);
                    if (d == null) continue;
                    ((NumericStats) into.computeIfAbsent(c.stored(), k -> new NumericStats(s.bins()))).add(d);
                } else {
                    String text = v instanceof Double d ? Quality.asClass(d) : v.toString();
                    ((CategoricalStats) into.computeIfAbsent(c.stored(), k -> new CategoricalStats())).add(text);
                }
            }
            if (withLabels) {
                Object t = values.get(Y_TRUE);
                if (t != null && !(t instanceof DatasetRows.Nested)) Quality.add(agg, values.get(Y_PRED), t);
            }
        });
        if (agg.count == 0) throw new ValidationException("dataset", "dataset '" + dataset + "' version " + dv + " has no rows");
        Baseline b = new Baseline(model, version, Baseline.Source.DATASET, dataset, dv, null, null, null, null, agg.count,
                skipped, Instant.now(), actor.name());
        return new Computed(b, agg.encode());
    }

    /** A number cell, or the highest class probability of an array or object of numbers. */
    private static Double number(Object v) {
        if (v instanceof Double d) return d;
        if (v instanceof DatasetRows.Nested n) {
            Iterable<?> values = n.value() instanceof Map<?, ?> m ? m.values()
                    : n.value() instanceof List<?> l ? l : List.of();
            Double best = null;
            for (Object o : values) {
                if (!(o instanceof Number x)) return null;
                double d = x.doubleValue();
                if (best == null || d > best) best = d;
            }
            return best;
        }
        return null;
    }

    private void read(String dataset, int version, DatasetVersionSpec spec, DatasetRows.Sink sink) {
        ArtifactContent a = registry.openArtifact(AssetType.DATASET, dataset, version);
        try (InputStream in = a.content()) {
            DatasetRows.read(spec.format(), spec.schema(), in, sink);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset " + dataset + " version " + version, e);
        }
    }

    private void save(Computed c, Actor actor) {
        Baseline b = c.baseline();
        String definition = write(definition(b));
        store.write(tx -> {
            var before = tx.monitoring().baseline(b.model(), b.version());
            tx.monitoring().saveBaseline(new BaselineRow(b.model(), b.version(), definition, c.data(), b.createdAt()));
            tx.audit().append(new AuditRecord(actor.name(), "drift.baseline.set", target(b.model(), b.version()),
                    before.map(BaselineRow::definition).orElse(null), definition));
            return null;
        });
    }

    private static String target(String model, int version) {
        return "models/" + model + "/" + version;
    }

    @Override
    public Optional<Baseline> baseline(String model, int version) {
        int v = monitoring.models().resolveForQuery(model, version);
        return stored(model, v).map(r -> parse(model, v, r.definition())).or(() -> fromLineage(model, v));
    }

    private Optional<BaselineRow> stored(String model, int version) {
        return store.read(tx -> tx.monitoring().baseline(model, version));
    }

    /** The dataset the version was trained on, summarised and kept as its baseline on first use. */
    private Optional<Baseline> fromLineage(String model, int version) {
        List<LineageNode> up = registry.lineage(new VersionRef(AssetType.MODEL, model, version), LineageDirection.UP, 1);
        Optional<VersionRef> trainedOn = up.stream()
                .filter(n -> n.via() != null && n.via().relation() == LineageRelation.TRAINED_ON
                        && n.version().type() == AssetType.DATASET)
                .map(LineageNode::version).max(Comparator.comparingInt(VersionRef::version));
        if (trainedOn.isEmpty()) return Optional.empty();
        VersionRef d = trainedOn.get();
        Computed c = fromDataset(model, version, d.name(), d.version(), Actor.SYSTEM);
        save(c, Actor.SYSTEM);
        LOG.info("Drift baseline of model {} version {} set from its training dataset {}", model, version, d);
        return Optional.of(c.baseline());
    }

    @Override
    public boolean deleteBaseline(String model, int version, Actor actor) {
        actor.require(Role.OPERATOR);
        int v = monitoring.models().resolveForQuery(model, version);
        return store.write(tx -> {
            var before = tx.monitoring().baseline(model, v);
            if (before.isEmpty()) return false;
            tx.monitoring().deleteBaseline(model, v);
            tx.audit().append(new AuditRecord(actor.name(), "drift.baseline.delete", target(model, v),
                    before.get().definition(), null));
            return true;
        });
    }

    private ObjectNode definition(Baseline b) {
        ObjectNode n = json.createObjectNode();
        n.put("source", b.source().name().toLowerCase(java.util.Locale.ROOT));
        if (b.dataset() != null) n.put("dataset", b.dataset());
        if (b.datasetVersion() != null) n.put("dataset_version", b.datasetVersion());
        if (b.windowVersion() != null) n.put("window_version", b.windowVersion());
        if (b.endpoint() != null) n.put("endpoint", b.endpoint());
        if (b.from() != null) n.put("from", b.from().toString());
        if (b.to() != null) n.put("to", b.to().toString());
        n.put("rows", b.rows());
        n.set("skipped", json.valueToTree(b.skipped()));
        n.put("created_at", b.createdAt().toString());
        n.put("created_by", b.createdBy());
        return n;
    }

    private Baseline parse(String model, int version, String definition) {
        try {
            JsonNode n = json.readTree(definition);
            List<String> skipped = new ArrayList<>();
            n.path("skipped").forEach(x -> skipped.add(x.asText()));
            return new Baseline(model, version,
                    Baseline.Source.valueOf(n.path("source").asText().toUpperCase(java.util.Locale.ROOT)),
                    text(n, "dataset"), n.has("dataset_version") ? n.get("dataset_version").asInt() : null,
                    n.has("window_version") ? n.get("window_version").asInt() : null, text(n, "endpoint"),
                    instant(n, "from"), instant(n, "to"), n.path("rows").asLong(), skipped, instant(n, "created_at"),
                    text(n, "created_by"));
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt baseline of " + model + " version " + version, e);
        }
    }

    private static String text(JsonNode n, String f) {
        return n.hasNonNull(f) ? n.get(f).asText() : null;
    }

    private static Instant instant(JsonNode n, String f) {
        return n.hasNonNull(f) ? Instant.parse(n.get(f).asText()) : null;
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- settings

    @Override
    public DriftSettings settings(String model) {
        if (!monitoring.models().exists(model)) throw new NotFoundException("model", "no model named '" + model + "'");
        return store.read(tx -> tx.monitoring().driftSettings(model)).map(s -> parseSettings(model, s))
                .orElse(DriftSettings.defaults(model));
    }

    @Override
    public DriftSettings saveSettings(DriftSettings s, Actor actor) {
        actor.require(Role.OPERATOR);
        if (s == null || s.model() == null) throw new ValidationException("model", "model is required");
        if (!monitoring.models().exists(s.model())) throw new NotFoundException("model", "no model named '" + s.model() + "'");
        Map<String, DriftDetector> known = installed();
        Map<String, DriftThreshold> thresholds = new java.util.TreeMap<>();
        for (Map.Entry<String, DriftThreshold> e : s.thresholds().entrySet()) {
            DriftDetector d = known.get(e.getKey());
            if (d == null) throw unknownMethod("thresholds." + e.getKey(), e.getKey(), known);
            DriftThreshold t = new DriftThreshold(e.getValue().warn(), e.getValue().alert(), d.defaultThreshold().direction());
            checkThreshold("thresholds." + e.getKey(), t);
            thresholds.put(e.getKey(), t);
        }
        for (String m : s.decidingMethods()) {
            if (!known.containsKey(m)) throw unknownMethod("deciding_methods", m, known);
        }
        if (!(s.performanceWarn() > 0) || !(s.performanceWarn() <= s.performanceAlert()) || !(s.performanceAlert() <= 10)) {
            throw new ValidationException("performance_warn", "performance_warn and performance_alert are relative "
                    + "degradations with 0 < performance_warn <= performance_alert <= 10");
        }
        if (s.minSamples() < 1 || s.minSamples() > 1_000_000) {
            throw new ValidationException("min_samples", "min_samples must be between 1 and 1000000");
        }
        DriftSettings clean = new DriftSettings(s.model(), thresholds, new ArrayList<>(new LinkedHashSet<>(s.decidingMethods())),
                s.performanceWarn(), s.performanceAlert(), s.minSamples());
        String definition = write(settingsJson(clean));
        Instant now = Instant.now();
        store.write(tx -> {
            String before = tx.monitoring().driftSettings(s.model()).orElse(null);
            tx.monitoring().saveDriftSettings(s.model(), definition, now, actor.name());
            tx.audit().append(new AuditRecord(actor.name(), "drift.settings.set", "models/" + s.model(), before, definition));
            return null;
        });
        return clean;
    }

    private static ValidationException unknownMethod(String field, String m, Map<String, DriftDetector> known) {
        return new ValidationException(field, "no drift method '" + m + "' is installed; installed: "
                + String.join(", ", known.keySet()));
    }

    private static void checkThreshold(String field, DriftThreshold t) {
        boolean ok = t.direction() == DriftThreshold.Direction.SCORE_ABOVE
                ? t.warn() >= 0 && t.warn() <= t.alert() && Double.isFinite(t.alert())
                : t.alert() > 0 && t.alert() <= t.warn() && t.warn() <= 1;
        if (!ok) {
            throw new ValidationException(field, t.direction() == DriftThreshold.Direction.SCORE_ABOVE
                    ? "for a distance, 0 <= warn <= alert" : "for a p-value, 0 < alert <= warn <= 1");
        }
    }

    private ObjectNode settingsJson(DriftSettings s) {
        ObjectNode n = json.createObjectNode();
        ObjectNode t = n.putObject("thresholds");
        s.thresholds().forEach((m, x) -> t.putObject(m).put("warn", x.warn()).put("alert", x.alert())
                .put("direction", x.direction().name()));
        n.set("deciding_methods", json.valueToTree(s.decidingMethods()));
        n.put("performance_warn", s.performanceWarn());
        n.put("performance_alert", s.performanceAlert());
        n.put("min_samples", s.minSamples());
        return n;
    }

    private DriftSettings parseSettings(String model, String definition) {
        try {
            JsonNode n = json.readTree(definition);
            Map<String, DriftThreshold> t = new java.util.TreeMap<>();
            n.path("thresholds").properties().forEach(e -> t.put(e.getKey(), new DriftThreshold(
                    e.getValue().path("warn").asDouble(), e.getValue().path("alert").asDouble(),
                    DriftThreshold.Direction.valueOf(e.getValue().path("direction").asText()))));
            List<String> deciding = new ArrayList<>();
            n.path("deciding_methods").forEach(x -> deciding.add(x.asText()));
            return new DriftSettings(model, t, deciding, n.path("performance_warn").asDouble(),
                    n.path("performance_alert").asDouble(), n.path("min_samples").asInt(DriftSettings.DEFAULT_MIN_SAMPLES));
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt drift settings of " + model, e);
        }
    }

    // ---------------------------------------------------------------- reports

    @Override
    public DriftReport drift(DriftQuery q) {
        if (q.from() == null || q.to() == null || !q.from().isBefore(q.to())) {
            throw new ValidationException("from", "the window needs from before to");
        }
        int version = monitoring.models().resolveForQuery(q.model(), q.version());
        Optional<BaselineRow> row = stored(q.model(), version);
        Baseline b = row.map(r -> parse(q.model(), version, r.definition())).or(() -> fromLineage(q.model(), version))
                .orElseThrow(() -> new NotFoundException("baseline", "model '" + q.model() + "' version " + version
                        + " has no drift baseline: set one with PUT /api/v1/drift/baselines/" + q.model() + "/" + version
                        + " (a dataset version or a window of live traffic), or link the dataset it was trained on "
                        + "(lineage trained_on)"));
        Queries queries = monitoring.queries();
        Aggregate base;
        if (b.source() == Baseline.Source.DATASET) {
            byte[] data = row.isPresent() ? row.get().data() : stored(q.model(), version).map(BaselineRow::data).orElse(null);
            base = Aggregate.decode(data, true, monitoring.bins(q.model()));
        } else {
            base = queries.window(q.model(), b.windowVersion(), b.endpoint(), null, b.from(), b.to(), true);
        }
        Aggregate current = queries.window(q.model(), version, q.endpoint(), q.arm(), q.from(), q.to(), true);
        DriftSettings settings = settings(q.model());
        Map<String, DriftDetector> methods = installed();

        List<FeatureDrift> features = new ArrayList<>();
        for (String f : new TreeSet<>(union(base.features.keySet(), current.features.keySet()))) {
            features.add(feature(q.model(), f, f, false, base.features.get(f), current.features.get(f), base.count,
                    current.count, settings, methods));
        }
        for (String[] o : new String[][] { { MonitoringService.PREDICTION, Y_PRED }, { MonitoringService.PROBABILITY, Y_PROBA } }) {
            if (base.outputs.containsKey(o[0]) || current.outputs.containsKey(o[0])) {
                features.add(feature(q.model(), o[0], o[1], true, base.outputs.get(o[0]), current.outputs.get(o[0]),
                        base.count, current.count, settings, methods));
            }
        }
        DriftStatus worst = worst(features.stream().map(FeatureDrift::status).toList());
        return new DriftReport(q.model(), version, q.endpoint(), q.arm(), b, q.from(), q.to(), base.count, current.count,
                worst, features, performance(base, current, settings));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }

    /** The most severe status; UNKNOWN only when nothing could be judged. */
    static DriftStatus worst(List<DriftStatus> statuses) {
        DriftStatus w = null;
        for (DriftStatus s : statuses) {
            if (s == DriftStatus.UNKNOWN) continue;
            if (w == null || s.ordinal() > w.ordinal()) w = s;
        }
        return w == null ? DriftStatus.UNKNOWN : w;
    }

    private FeatureDrift feature(String model, String stored, String name, boolean output, Object b, Object c,
            long baseEvents, long currentEvents, DriftSettings settings, Map<String, DriftDetector> methods) {
        Scheme scheme = monitoring.scheme(model, stored);
        FeatureKind kind = scheme.kind();
        Histogram hb, hc;
        List<DriftBin> bins;
        if (kind == FeatureKind.NUMERIC) {
            NumericBins nb = scheme.bins();
            NumericStats sb = b == null ? new NumericStats(nb) : (NumericStats) b;
            NumericStats sc = c == null ? new NumericStats(nb) : (NumericStats) c;
            hb = sb.toHistogram(nb);
            hc = sc.toHistogram(nb);
            bins = numericBins(hb, hc, sb, sc);
        } else {
            CategoricalStats sb = b == null ? new CategoricalStats() : (CategoricalStats) b;
            CategoricalStats sc = c == null ? new CategoricalStats() : (CategoricalStats) c;
            List<String> categories = categories(sb, sc);
            hb = sb.toHistogram(categories);
            hc = sc.toHistogram(categories);
            bins = new ArrayList<>();
            for (int i = 0; i < categories.size(); i++) {
                if (hb.counts()[i] > 0 || hc.counts()[i] > 0) {
                    bins.add(new DriftBin(null, null, categories.get(i), hb.counts()[i], hc.counts()[i]));
                }
            }
        }
        long bTotal = hb.total(), cTotal = hc.total();
        List<MethodResult> results = new ArrayList<>();
        for (DriftDetector d : methods.values()) {
            if (!d.supports(kind)) continue;
            DriftThreshold t = settings.thresholds().getOrDefault(d.method(), d.defaultThreshold());
            try {
                DriftScore s = d.score(hb, hc);
                results.add(new MethodResult(d.method(), s.score(), s.pValue(), t, t.classify(s), null));
            } catch (RuntimeException e) {
                // A broken detector (a plugin, say) fails on its own line of the report.
                LOG.warn("Drift method {} failed on {} of model {}: {}", d.method(), name, model, e.toString());
                results.add(new MethodResult(d.method(), Double.NaN, Double.NaN, t, DriftStatus.UNKNOWN,
                        e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        String note = null;
        DriftStatus status;
        if (bTotal == 0) {
            note = b == null ? "not in the baseline (a new feature)" : "no values in the baseline";
            status = DriftStatus.UNKNOWN;
        } else if (cTotal == 0) {
            note = c == null ? "not in the window's traffic" : "no values in the window";
            status = DriftStatus.UNKNOWN;
        } else if (Math.min(bTotal, cTotal) < settings.minSamples()) {
            note = "only " + Math.min(bTotal, cTotal) + " values on one side; a verdict needs " + settings.minSamples();
            status = DriftStatus.UNKNOWN;
        } else {
            List<DriftStatus> deciding = results.stream().filter(r -> settings.decidingMethods().contains(r.method()))
                    .map(MethodResult::status).toList();
            if (deciding.isEmpty()) {
                // None of the model's deciding methods applies to this kind (or is installed):
                // every method that ran decides.
                deciding = results.stream().map(MethodResult::status).toList();
            }
            status = worst(deciding);
        }
        return new FeatureDrift(name, output, kind, status, results, bTotal, Math.max(0, baseEvents - bTotal), cTotal,
                Math.max(0, currentEvents - cTotal), bins, note);
    }

    /** Fine bins regrouped into up to {@link #DISPLAY_BINS} ranges of equal baseline mass. */
    private static List<DriftBin> numericBins(Histogram hb, Histogram hc, NumericStats sb, NumericStats sc) {
        long[] b = hb.counts(), c = hc.counts();
        int[] cuts = PsiDetector.quantileCuts(hb.total() > 0 ? b : c, DISPLAY_BINS);
        long[] gb = PsiDetector.regroup(b, cuts), gc = PsiDetector.regroup(c, cuts);
        double[] edges = hb.edges();
        double lo = Math.min(sb.count() > 0 ? sb.min() : Double.POSITIVE_INFINITY, sc.count() > 0 ? sc.min() : Double.POSITIVE_INFINITY);
        double hi = Math.max(sb.count() > 0 ? sb.max() : Double.NEGATIVE_INFINITY, sc.count() > 0 ? sc.max() : Double.NEGATIVE_INFINITY);
        List<DriftBin> out = new ArrayList<>();
        for (int g = 0; g < gb.length; g++) {
            if (gb[g] == 0 && gc[g] == 0) continue;
            // The outer fine bins reach to infinity, which JSON cannot carry: clamp to what was seen.
            double lower = Math.max(edges[cuts[g]], lo);
            double upper = Math.min(edges[cuts[g + 1]], hi);
            out.add(new DriftBin(lower, upper, null, gb[g], gc[g]));
        }
        return out;
    }

    /** The most frequent categories of either side, baseline's first, then the catch-all. */
    private static List<String> categories(CategoricalStats b, CategoricalStats c) {
        Set<String> names = new LinkedHashSet<>();
        for (CategoricalStats.Count x : b.top(CategoricalStats.K)) names.add(x.category());
        for (CategoricalStats.Count x : c.top(CategoricalStats.K)) names.add(x.category());
        List<String> list = new ArrayList<>(names);
        list.add(Histogram.OTHER);
        return list;
    }

    private static List<QualityChange> performance(Aggregate b, Aggregate c, DriftSettings s) {
        List<QualityChange> out = new ArrayList<>();
        if (b.classLabelled > 0 && c.classLabelled > 0) {
            out.add(change("accuracy", b.correct / (double) b.classLabelled, c.correct / (double) c.classLabelled, true, s));
        }
        if (b.numericLabelled > 0 && c.numericLabelled > 0) {
            out.add(change("mae", b.absError / b.numericLabelled, c.absError / c.numericLabelled, false, s));
            out.add(change("rmse", Math.sqrt(b.squaredError / b.numericLabelled),
                    Math.sqrt(c.squaredError / c.numericLabelled), false, s));
        }
        return out;
    }

    private static QualityChange change(String metric, double base, double current, boolean higherIsBetter, DriftSettings s) {
        double change = base == 0 ? Double.NaN : (current - base) / Math.abs(base);
        double worse = higherIsBetter ? base - current : current - base;
        // Relative to the baseline; a perfect baseline MAE of 0 makes any error an alert.
        double degradation = base == 0 ? (worse > 0 ? Double.POSITIVE_INFINITY : 0) : worse / Math.abs(base);
        DriftStatus st = degradation >= s.performanceAlert() ? DriftStatus.ALERT
                : degradation >= s.performanceWarn() ? DriftStatus.WARN : DriftStatus.OK;
        return new QualityChange(metric, base, current, change, st);
    }
}
