package org.aegisml.monitoring.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.aegisml.api.TooLargeException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.Event;
import org.aegisml.api.monitoring.FeatureKind;
import org.aegisml.api.monitoring.IngestReport;
import org.aegisml.api.monitoring.IngestReport.Rejection;
import org.aegisml.api.monitoring.Label;
import org.aegisml.api.monitoring.LabelReport;
import org.aegisml.api.monitoring.LlmCall;
import org.aegisml.api.monitoring.LlmSignalScorer;
import org.aegisml.api.monitoring.MetricSeries;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.monitoring.PromptInjectionScorer;
import org.aegisml.api.monitoring.SeriesQuery;
import org.aegisml.api.monitoring.SignalScore;
import org.aegisml.api.monitoring.VersionSummary;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.store.MonitoringRepository;
import org.aegisml.api.store.MonitoringRepository.EventRow;
import org.aegisml.api.store.MonitoringRepository.SummaryKey;
import org.aegisml.api.store.MonitoringRepository.SummaryRow;
import org.aegisml.api.store.Store;
import org.aegisml.monitoring.internal.Schemes.Scheme;
import org.aegisml.monitoring.internal.sketch.CategoricalStats;
import org.aegisml.monitoring.internal.sketch.NumericStats;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest and queries. An ingest is validated, scored and pre-aggregated on the caller's
 * thread; then one unit of work inserts the events (skipping ids already stored) and merges
 * the pre-aggregates into the minute, hour and day summary rows under their row locks, so
 * the summaries always equal the durable events, whatever fails and whenever the process
 * dies. The caller is answered after the commit.
 */
@Component(service = { Monitoring.class, MonitoringService.class }, configurationPid = "org.aegisml.monitoring",
        immediate = true)
public final class MonitoringService implements Monitoring {
    private static final Logger LOG = LoggerFactory.getLogger(MonitoringService.class);
    static final String DEFAULT_ENDPOINT = "default";
    /** A signal score at or above this counts the event as flagged (injection, PII, policy). */
    static final double FLAG_AT = 0.5;

    /** Limits of ingest; configuration PID {@code org.aegisml.monitoring}. */
    public @interface Config {
        /** Largest single event in bytes. */
        int maxEventBytes() default 256 * 1024;

        /** Largest ingest request body in bytes. */
        int maxBatchBytes() default 64 * 1024 * 1024;

        /** Most events in one batch. */
        int maxBatchEvents() default 20_000;

        /** How far in the future an event timestamp may be (clock skew), seconds. */
        int maxFutureSeconds() default 300;

        /** Oldest event timestamp accepted, days. */
        int maxAgeDays() default 30;
    }

    private final Store store;
    private final Models models;
    private final Schemes schemes;
    private final Prices prices;
    private final LiveMetrics live = new LiveMetrics();
    private final Config config;
    private final List<PromptInjectionScorer> injection = new CopyOnWriteArrayList<>();
    private final List<LlmSignalScorer> scorers = new CopyOnWriteArrayList<>();

    @Activate
    public MonitoringService(@Reference Store store, @Reference Registry registry, Config config) {
        this.store = store;
        this.models = new Models(registry);
        this.schemes = new Schemes(store);
        this.prices = new Prices(store);
        this.config = config;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addInjectionScorer(PromptInjectionScorer s) {
        injection.add(s);
    }

    void removeInjectionScorer(PromptInjectionScorer s) {
        injection.remove(s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSignalScorer(LlmSignalScorer s) {
        scorers.add(s);
    }

    void removeSignalScorer(LlmSignalScorer s) {
        scorers.remove(s);
    }

    LiveMetrics live() {
        return live;
    }

    Models models() {
        return models;
    }

    Store store() {
        return store;
    }

    // ---------------------------------------------------------------- ingest

    /** An event that passed validation, with everything resolved. */
    record Accepted(int line, String id, String model, int version, String endpoint, Arm arm, Instant ts, Event event,
            Double cost, Map<String, SignalScore> signals) {
    }

    @Override
    public IngestReport ingest(List<Event> events) {
        if (events.size() > config.maxBatchEvents()) {
            throw new TooLargeException("events", config.maxBatchEvents(), "a batch may hold at most " + config.maxBatchEvents() + " events");
        }
        List<Rejection> rejected = new ArrayList<>();
        List<Event> lines = new ArrayList<>(events);
        return ingestParsed(lines, rejected, events.size(), false);
    }

    @Override
    public IngestReport ingestJson(InputStream body, boolean batch) {
        byte[] buf = readAll(body, batch ? config.maxBatchBytes() : config.maxEventBytes());
        if (!batch) {
            Event e = EventParser.parse(buf, 0, buf.length);
            return ingestParsed(new ArrayList<>(List.of(e)), new ArrayList<>(), 1, true);
        }
        List<Event> events = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        int line = 0, start = 0;
        for (int i = 0; i <= buf.length; i++) {
            if (i < buf.length && buf[i] != '\n') continue;
            line++;
            int end = i;
            if (end > start && buf[end - 1] == '\r') end--;
            if (!isBlank(buf, start, end)) {
                if (events.size() + rejected.size() >= config.maxBatchEvents()) {
                    throw new TooLargeException("body", config.maxBatchEvents(), "a batch may hold at most " + config.maxBatchEvents() + " events");
                }
                if (end - start > config.maxEventBytes()) {
                    rejected.add(rejection(line, null, new ValidationException(null,
                            "the event is " + (end - start) + " bytes; the limit is " + config.maxEventBytes())));
                    events.add(null);
                } else {
                    try {
                        events.add(EventParser.parse(buf, start, end - start));
                    } catch (ValidationException e) {
                        rejected.add(rejection(line, null, e));
                        events.add(null);
                    }
                }
            } else {
                events.add(null);
            }
            start = i + 1;
        }
        int received = (int) events.stream().filter(e -> e != null).count() + rejected.size();
        return ingestParsed(events, rejected, received, false);
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') return false;
        }
        return true;
    }

    private static byte[] readAll(InputStream in, int limit) {
        try {
            byte[] b = in.readNBytes(limit + 1);
            if (b.length > limit) throw new TooLargeException("body", limit, "the body is larger than " + limit + " bytes");
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Rejection rejection(int line, String id, ValidationException e) {
        return new Rejection(line, id, e.getMessage());
    }

    /**
     * {@code events.get(i)} is line {@code i + 1}; null entries are lines already rejected
     * (listed in {@code rejected}) or blank. {@code single}: a rejected event throws instead.
     */
    private IngestReport ingestParsed(List<Event> events, List<Rejection> rejected, int received, boolean single) {
        Instant now = Instant.now();
        Instant newest = now.plusSeconds(config.maxFutureSeconds());
        Instant oldest = now.minus(Duration.ofDays(config.maxAgeDays()));
        List<Accepted> ok = new ArrayList<>(events.size());
        // Pass 1: what needs the registry, the clock and the schemes of new features.
        Map<String, Map<String, List<Object>>> newFeatures = new HashMap<>();
        List<Accepted> pending = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e == null) continue;
            try {
                pending.add(resolve(i + 1, e, now, newest, oldest));
                for (Map.Entry<String, Object> f : e.features().entrySet()) {
                    noteNew(newFeatures, e.model(), f.getKey(), f.getValue());
                }
                noteNew(newFeatures, e.model(), PREDICTION, e.yPred());
                noteNew(newFeatures, e.model(), PROBABILITY, Payloads.probability(e.yProba()));
            } catch (ValidationException x) {
                if (single) throw x;
                rejected.add(rejection(i + 1, e.eventId(), x));
            }
        }
        defineSchemes(newFeatures);
        // Pass 2: types against the schemes, then signals and cost.
        for (Accepted a : pending) {
            String bad = typeMismatch(a);
            if (bad != null) {
                if (single) throw new ValidationException("features", bad);
                rejected.add(new Rejection(a.line(), a.id(), bad));
                continue;
            }
            ok.add(score(a));
        }
        rejected.sort((x, y) -> Integer.compare(x.line(), y.line()));
        if (ok.isEmpty()) return new IngestReport(received, 0, 0, rejected);

        List<EventRow> rows = new ArrayList<>(ok.size());
        for (Accepted a : ok) rows.add(Payloads.row(a));
        Map<SummaryKey, Aggregate> partial = aggregate(ok);
        Set<String> inserted = store.write(tx -> {
            MonitoringRepository repo = tx.monitoring();
            Set<String> ids = repo.insertEvents(rows);
            Map<SummaryKey, Aggregate> delta = ids.size() == rows.size() ? partial : aggregate(only(ok, ids));
            mergeInto(repo, delta);
            return ids;
        });
        live.record(only(ok, inserted));
        return new IngestReport(received, inserted.size(), ok.size() - inserted.size(), rejected);
    }

    /** The accepted events whose id is in {@code ids}, each id once (a batch may repeat one). */
    private static List<Accepted> only(List<Accepted> ok, Set<String> ids) {
        Set<String> left = new HashSet<>(ids);
        List<Accepted> out = new ArrayList<>(ids.size());
        for (Accepted a : ok) {
            if (left.remove(a.id())) out.add(a);
        }
        return out;
    }

    /** Outputs are summarised like features, under reserved names a feature cannot take. */
    static final String PREDICTION = "__y_pred";
    static final String PROBABILITY = "__y_proba";

    private void noteNew(Map<String, Map<String, List<Object>>> into, String model, String feature, Object value) {
        if (value != null && schemes.get(model, feature) == null) {
            into.computeIfAbsent(model, k -> new HashMap<>()).computeIfAbsent(feature, k -> new ArrayList<>()).add(value);
        }
    }

    private Accepted resolve(int line, Event e, Instant now, Instant newest, Instant oldest) {
        int version = models.resolve(e.model(), e.modelVersion());
        Instant ts = e.timestamp() == null ? now : e.timestamp();
        if (ts.isAfter(newest)) {
            throw new ValidationException("timestamp", "timestamp " + ts + " is more than " + config.maxFutureSeconds()
                    + " s in the future");
        }
        if (ts.isBefore(oldest)) {
            throw new ValidationException("timestamp", "timestamp " + ts + " is older than " + config.maxAgeDays() + " days");
        }
        String id = e.eventId() == null ? Ids.uuid7() : e.eventId();
        String endpoint = e.endpoint() == null ? DEFAULT_ENDPOINT : e.endpoint();
        Arm arm = e.arm() == null ? Arm.STABLE : e.arm();
        return new Accepted(line, id, e.model(), version, endpoint, arm, ts, e, e.cost(), Map.of());
    }

    private void defineSchemes(Map<String, Map<String, List<Object>>> newFeatures) {
        newFeatures.forEach((model, features) -> features.forEach((feature, values) -> {
            // The first value of the batch decides the kind; values of the other kind are then
            // rejected line by line like in any later batch.
            FeatureKind kind = values.get(0) instanceof Double ? FeatureKind.NUMERIC : FeatureKind.CATEGORICAL;
            double[] reference = kind == FeatureKind.NUMERIC
                    ? values.stream().filter(v -> v instanceof Double).mapToDouble(v -> (Double) v).toArray()
                    : null;
            schemes.define(model, feature, kind, reference);
        }));
    }

    private String typeMismatch(Accepted a) {
        for (Map.Entry<String, Object> f : a.event().features().entrySet()) {
            String bad = typeMismatch(a.model(), f.getKey(), "features." + f.getKey(), f.getValue());
            if (bad != null) return bad;
        }
        return typeMismatch(a.model(), PREDICTION, "y_pred", a.event().yPred());
    }

    private String typeMismatch(String model, String feature, String field, Object v) {
        if (v == null) return null;
        Scheme s = schemes.get(model, feature);
        boolean numeric = v instanceof Double;
        if (s.kind() == FeatureKind.NUMERIC && !numeric) {
            return field + ": model '" + model + "' has received numbers here so far, not a string";
        }
        if (s.kind() == FeatureKind.CATEGORICAL && numeric) {
            return field + ": model '" + model + "' has received strings here so far, not a number";
        }
        return null;
    }

    private Accepted score(Accepted a) {
        Event e = a.event();
        Double cost = e.cost() != null ? e.cost() : prices.cost(a.model(), e.inputTokens(), e.outputTokens());
        Map<String, SignalScore> signals = Map.of();
        if (e.input() != null || e.output() != null) {
            LlmCall call = new LlmCall(a.model(), e.input(), e.output(), e.context(), e.samples());
            signals = new LinkedHashMap<>();
            SignalScore best = null;
            for (PromptInjectionScorer s : injection) {
                SignalScore r = safely(() -> s.score(call), "injection scorer " + s.name());
                if (r != null && (best == null || r.score() > best.score())) best = r;
            }
            if (best != null) signals.put("injection", best);
            for (LlmSignalScorer s : scorers) {
                SignalScore r = safely(() -> s.score(call), "signal scorer " + s.signal());
                if (r != null) signals.put(s.signal(), r);
            }
        }
        return new Accepted(a.line(), a.id(), a.model(), a.version(), a.endpoint(), a.arm(), a.ts(), e, cost, signals);
    }

    private static SignalScore safely(java.util.function.Supplier<SignalScore> s, String what) {
        try {
            return s.get();
        } catch (RuntimeException ex) {
            // A broken plugin marks its own signal missing; it never costs the event.
            LOG.warn("The {} failed: {}", what, ex.toString());
            return null;
        }
    }

    /** Pre-aggregates events per minute, hour and day bucket of their model version, endpoint and arm. */
    Map<SummaryKey, Aggregate> aggregate(List<Accepted> events) {
        Map<SummaryKey, Aggregate> minutes = new HashMap<>();
        for (Accepted a : events) {
            SummaryKey k = new SummaryKey('m', a.model(), a.version(), a.endpoint(), a.arm().wire(),
                    a.ts().truncatedTo(ChronoUnit.MINUTES));
            add(minutes.computeIfAbsent(k, x -> new Aggregate()), a);
        }
        Map<SummaryKey, Aggregate> all = new HashMap<>(minutes);
        for (Map.Entry<SummaryKey, Aggregate> m : minutes.entrySet()) {
            SummaryKey k = m.getKey();
            for (char res : new char[] { 'h', 'd' }) {
                Instant b = k.bucket().truncatedTo(res == 'h' ? ChronoUnit.HOURS : ChronoUnit.DAYS);
                all.computeIfAbsent(new SummaryKey(res, k.model(), k.version(), k.endpoint(), k.arm(), b),
                        x -> new Aggregate()).merge(m.getValue());
            }
        }
        return all;
    }

    private void add(Aggregate g, Accepted a) {
        Event e = a.event();
        g.count++;
        if (e.error()) g.errors++;
        if (e.latencyMs() != null) g.addLatency(e.latencyMs());
        if (e.inputTokens() != null) g.inputTokens += e.inputTokens();
        if (e.outputTokens() != null) g.outputTokens += e.outputTokens();
        if (a.cost() != null) g.cost += a.cost();
        if (e.isLlm()) g.llmEvents++;
        Aggregate.ProjectTally project = g.projects.computeIfAbsent(e.projectId() == null ? "" : e.projectId(),
                k -> new Aggregate.ProjectTally());
        project.events++;
        if (e.inputTokens() != null) project.inputTokens += e.inputTokens();
        if (e.outputTokens() != null) project.outputTokens += e.outputTokens();
        if (a.cost() != null) project.cost += a.cost();
        for (Map.Entry<String, SignalScore> s : a.signals().entrySet()) {
            if (s.getValue().findings().contains("no_context") || s.getValue().findings().contains("no_samples")) continue;
            g.signal(s.getKey(), s.getValue().score(), FLAG_AT);
        }
        for (Map.Entry<String, Object> f : e.features().entrySet()) {
            Object v = f.getValue();
            if (v == null) continue;
            Scheme s = schemes.get(a.model(), f.getKey());
            addValue(g.features, f.getKey(), v, s);
        }
        if (e.yPred() != null) addValue(g.outputs, PREDICTION, e.yPred(), schemes.get(a.model(), PREDICTION));
        Double p = Payloads.probability(e.yProba());
        if (p != null) addValue(g.outputs, PROBABILITY, p, schemes.get(a.model(), PROBABILITY));
    }

    private static void addValue(Map<String, Object> into, String name, Object v, Scheme s) {
        if (s.kind() == FeatureKind.NUMERIC) {
            ((NumericStats) into.computeIfAbsent(name, k -> new NumericStats(s.bins()))).add((Double) v);
        } else {
            ((CategoricalStats) into.computeIfAbsent(name, k -> new CategoricalStats())).add((String) v);
        }
    }

    private void mergeInto(MonitoringRepository repo, Map<SummaryKey, Aggregate> delta) {
        Map<SummaryKey, SummaryRow> existing = repo.lockSummaries(delta.keySet());
        List<SummaryRow> out = new ArrayList<>(delta.size());
        for (Map.Entry<SummaryKey, Aggregate> d : delta.entrySet()) {
            SummaryRow row = existing.get(d.getKey());
            Aggregate merged = Aggregate.decode(row == null ? null : row.data(), true, bins(d.getKey().model()));
            merged.merge(d.getValue());
            out.add(new SummaryRow(d.getKey(), merged.count, merged.encode()));
        }
        repo.saveSummaries(out);
    }

    // ---------------------------------------------------------------- labels

    @Override
    public LabelReport label(List<Label> labels) {
        List<Rejection> rejected = new ArrayList<>();
        List<Label> valid = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            Label l = labels.get(i);
            if (l == null) continue;
            valid.add(l);
            lines.add(i + 1);
        }
        return applyLabels(valid, lines, rejected, labels.size());
    }

    @Override
    public LabelReport labelJson(InputStream body, boolean batch) {
        byte[] buf = readAll(body, batch ? config.maxBatchBytes() : config.maxEventBytes());
        if (!batch) {
            Label l = EventParser.parseLabel(buf, 0, buf.length);
            LabelReport r = applyLabels(List.of(l), List.of(1), new ArrayList<>(), 1);
            if (!r.rejected().isEmpty()) throw new ValidationException("event_id", r.rejected().get(0).reason());
            return r;
        }
        List<Label> valid = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        int line = 0, start = 0, received = 0;
        for (int i = 0; i <= buf.length; i++) {
            if (i < buf.length && buf[i] != '\n') continue;
            line++;
            if (!isBlank(buf, start, i)) {
                received++;
                try {
                    valid.add(EventParser.parseLabel(buf, start, i - start));
                    lines.add(line);
                } catch (ValidationException e) {
                    rejected.add(rejection(line, null, e));
                }
            }
            start = i + 1;
        }
        return applyLabels(valid, lines, rejected, received);
    }

    private LabelReport applyLabels(List<Label> labels, List<Integer> lines, List<Rejection> rejected, int received) {
        if (labels.isEmpty()) return new LabelReport(received, 0, rejected);
        List<Rejection> refused = store.write(tx -> {
            MonitoringRepository repo = tx.monitoring();
            List<Rejection> no = new ArrayList<>();
            Map<SummaryKey, Aggregate> delta = new HashMap<>();
            for (int i = 0; i < labels.size(); i++) {
                Label l = labels.get(i);
                var row = repo.event(l.eventId());
                if (row.isEmpty()) {
                    no.add(new Rejection(lines.get(i), l.eventId(), "no event with id '" + l.eventId() + "'"));
                    continue;
                }
                if (!repo.setLabel(l.eventId(), Payloads.json(l.yTrue()))) {
                    no.add(new Rejection(lines.get(i), l.eventId(), "event '" + l.eventId() + "' is already labelled"));
                    continue;
                }
                Aggregate q = Quality.of(row.get(), l.yTrue());
                EventRow r = row.get();
                Instant minute = r.timestamp().truncatedTo(ChronoUnit.MINUTES);
                for (char res : new char[] { 'm', 'h', 'd' }) {
                    Instant b = res == 'm' ? minute
                            : minute.truncatedTo(res == 'h' ? ChronoUnit.HOURS : ChronoUnit.DAYS);
                    delta.computeIfAbsent(new SummaryKey(res, r.model(), r.version(), r.endpoint(), r.arm(), b),
                            k -> new Aggregate()).merge(q);
                }
            }
            mergeInto(repo, delta);
            return no;
        });
        List<Rejection> all = new ArrayList<>(rejected);
        all.addAll(refused);
        all.sort((x, y) -> Integer.compare(x.line(), y.line()));
        return new LabelReport(received, labels.size() - refused.size(), all);
    }

    // ---------------------------------------------------------------- queries

    @Override
    public MetricSeries series(SeriesQuery query) {
        return new Queries(this).series(query);
    }

    @Override
    public VersionSummary summary(String model, Integer version, String endpoint, Arm arm, Instant from, Instant to) {
        return new Queries(this).summary(model, version, endpoint, arm, from, to);
    }

    @Override
    public java.util.OptionalDouble value(String model, Integer version, String endpoint, Arm arm,
            org.aegisml.api.monitoring.Metric metric, Instant from, Instant to) {
        return new Queries(this).value(model, version, endpoint, arm, metric, from, to);
    }

    @Override
    public org.aegisml.api.monitoring.Anomalies anomalies(SeriesQuery query, int window, double threshold) {
        return new Queries(this).anomalies(query, window, threshold);
    }

    @Override
    public org.aegisml.api.monitoring.CostReport costs(org.aegisml.api.monitoring.CostQuery query) {
        return new Costs(this).report(query);
    }

    // ---------------------------------------------------------------- prices

    private static final java.util.regex.Pattern CURRENCY = java.util.regex.Pattern.compile("[A-Z]{3}");

    @Override
    public List<org.aegisml.api.monitoring.ModelPrice> prices() {
        return store.read(tx -> tx.monitoring().prices()).stream().map(MonitoringService::price).toList();
    }

    private static org.aegisml.api.monitoring.ModelPrice price(MonitoringRepository.Price p) {
        return new org.aegisml.api.monitoring.ModelPrice(p.model(), p.inputPerMillion(), p.outputPerMillion(),
                p.currency(), p.updatedAt(), p.updatedBy());
    }

    @Override
    public org.aegisml.api.monitoring.ModelPrice setPrice(String model, double inputPerMillion, double outputPerMillion,
            String currency, org.aegisml.api.security.Actor actor) {
        actor.require(org.aegisml.api.security.Role.OPERATOR);
        if (!models.exists(model)) throw new org.aegisml.api.NotFoundException("model", "no model named '" + model + "'");
        checkPrice("input_per_million", inputPerMillion);
        checkPrice("output_per_million", outputPerMillion);
        String cur = currency == null || currency.isBlank() ? "USD" : currency;
        if (!CURRENCY.matcher(cur).matches()) {
            throw new ValidationException("currency", "currency must be an ISO 4217 code such as USD or EUR");
        }
        var p = new MonitoringRepository.Price(model, inputPerMillion, outputPerMillion, cur,
                Instant.now().truncatedTo(ChronoUnit.MICROS), actor.name());
        store.write(tx -> {
            var before = tx.monitoring().prices().stream().filter(x -> x.model().equals(model)).findFirst();
            tx.monitoring().savePrice(p);
            tx.audit().append(new org.aegisml.api.audit.AuditRecord(actor.name(), "price.set", "models/" + model,
                    before.map(MonitoringService::priceJson).orElse(null), priceJson(p)));
            return null;
        });
        prices.reload();
        return price(p);
    }

    @Override
    public boolean deletePrice(String model, org.aegisml.api.security.Actor actor) {
        actor.require(org.aegisml.api.security.Role.OPERATOR);
        boolean deleted = store.write(tx -> {
            var before = tx.monitoring().prices().stream().filter(x -> x.model().equals(model)).findFirst();
            if (before.isEmpty()) return false;
            tx.monitoring().deletePrice(model);
            tx.audit().append(new org.aegisml.api.audit.AuditRecord(actor.name(), "price.delete", "models/" + model,
                    priceJson(before.get()), null));
            return true;
        });
        if (deleted) prices.reload();
        return deleted;
    }

    private static void checkPrice(String field, double v) {
        if (!(v >= 0) || v > 1_000_000) {
            throw new ValidationException(field, field + " must be a price per million tokens between 0 and 1000000");
        }
    }

    private static String priceJson(MonitoringRepository.Price p) {
        java.io.StringWriter w = new java.io.StringWriter();
        try (var g = EventParser.JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("input_per_million", p.inputPerMillion());
            g.writeNumberField("output_per_million", p.outputPerMillion());
            g.writeStringField("currency", p.currency());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    @Override
    public void exposition(StringBuilder out) {
        live.writeTo(out);
    }

    Scheme scheme(String model, String feature) {
        return schemes.get(model, feature);
    }

    /** Fixes a feature's scheme (see {@link Schemes#define}); the stored one wins if it exists. */
    Scheme defineScheme(String model, String feature, FeatureKind kind, double[] reference) {
        return schemes.define(model, feature, kind, reference);
    }

    Queries queries() {
        return new Queries(this);
    }

    /** The numeric bins of a model's features and outputs, by name, for decoding summaries. */
    java.util.function.Function<String, org.aegisml.monitoring.internal.sketch.NumericBins> bins(String model) {
        return name -> {
            Scheme s = schemes.get(model, name);
            return s == null ? null : s.bins();
        };
    }
}
