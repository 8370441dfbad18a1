package org.aegisml.evaluation.internal;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.InferenceBackend;
import org.aegisml.api.deployment.InferenceRequest;
import org.aegisml.api.evaluation.EvaluationRun;
import org.aegisml.api.evaluation.EvaluationSpec;
import org.aegisml.api.evaluation.Evaluator;
import org.aegisml.api.evaluation.Example;
import org.aegisml.api.evaluation.ExampleResult;
import org.aegisml.api.evaluation.ExampleScore;
import org.aegisml.api.evaluation.MetricResult;
import org.aegisml.api.evaluation.MetricValue;
import org.aegisml.api.evaluation.Observation;
import org.aegisml.api.evaluation.Prediction;
import org.aegisml.api.registry.ArtifactContent;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.DatasetVersionSpec;
import org.aegisml.api.registry.FeatureSpec;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.PromptVersionSpec;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.store.Store;

/**
 * Does one evaluation run without storing it: checks the spec, reads the dataset, gets the
 * answers (supplied or by calling the version), and scores every metric. Spec errors are
 * {@link ValidationException}s naming the field; per-example problems become failed
 * predictions or failed scores with the reason.
 */
final class Runner {
    static final int DEFAULT_CONCURRENCY = 16;
    static final int MAX_CONCURRENCY = 256;

    /** A finished run and its per-example results, not yet stored. */
    record Outcome(EvaluationRun run, List<ExampleResult> results) {
    }

    private final Registry registry;
    private final Store store;
    private final Map<String, InferenceBackend> backends;
    private final Function<String, Evaluator> evaluators;
    private final int maxExamples;

    Runner(Registry registry, Store store, Map<String, InferenceBackend> backends, Function<String, Evaluator> evaluators,
            int maxExamples) {
        this.registry = registry;
        this.store = store;
        this.backends = backends;
        this.evaluators = evaluators;
        this.maxExamples = maxExamples;
    }

    Outcome run(EvaluationSpec spec, String actor, Set<String> known) {
        long t0 = System.nanoTime();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (spec.target() == null) throw new ValidationException("target", "target (a model or prompt version) is required");
        if (spec.dataset() == null) throw new ValidationException("dataset", "dataset (a dataset version) is required");
        if (spec.target().type() == AssetType.DATASET) throw new ValidationException("target", "the target must be a model or prompt version");
        AssetVersion target = registry.version(spec.target().type(), spec.target().name(), spec.target().version())
                .orElseThrow(() -> new NotFoundException("target", "no version " + spec.target()));
        AssetVersion dataset = registry.version(AssetType.DATASET, spec.dataset().name(), spec.dataset().version())
                .orElseThrow(() -> new NotFoundException("dataset", "no dataset version " + spec.dataset()));
        DatasetVersionSpec ds = (DatasetVersionSpec) dataset.spec();
        List<String> metrics = metrics(spec, target, known);
        List<FeatureSpec> signature = target.spec() instanceof ModelVersionSpec m ? m.signature() : List.of();
        checkSignature(signature, ds, spec.dataset());
        if (ds.rowCount() > maxExamples) {
            throw new ValidationException("dataset", "the dataset version " + spec.dataset() + " has " + ds.rowCount()
                    + " examples; a run evaluates at most " + maxExamples + " (evaluation.max.examples)");
        }
        List<Example> examples = read(spec.dataset(), ds);
        if (examples.isEmpty()) throw new ValidationException("dataset", "the dataset version " + spec.dataset() + " has no rows");
        Set<String> ids = new HashSet<>();
        for (Example e : examples) {
            if (!ids.add(e.id())) throw new ValidationException("dataset", "the example id '" + e.id() + "' appears twice");
        }

        List<Prediction> predictions;
        String source;
        if (spec.predictions() != null) {
            source = "predictions";
            for (String id : spec.predictions().keySet()) {
                if (!ids.contains(id)) throw new ValidationException("predictions", "no example '" + id + "' in " + spec.dataset());
            }
            predictions = new ArrayList<>(examples.size());
            for (Example e : examples) {
                Prediction p = spec.predictions().get(e.id());
                predictions.add(p == null ? Prediction.failed("no prediction was supplied for this example", null) : p);
            }
        } else {
            source = "backend";
            predictions = call(spec, target, signature, examples);
        }

        List<Observation> ok = new ArrayList<>();
        List<Integer> okIndex = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (predictions.get(i).ok()) {
                ok.add(new Observation(examples.get(i), predictions.get(i)));
                okIndex.add(i);
            }
        }
        List<Map<String, ExampleScore>> perExample = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) perExample.add(new LinkedHashMap<>());
        List<MetricValue> values = new ArrayList<>();
        for (String metric : metrics) {
            values.add(score(metric, spec.options().getOrDefault(metric, Map.of()), ok, okIndex, perExample));
        }
        List<ExampleResult> results = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            results.add(new ExampleResult(i, examples.get(i), predictions.get(i), perExample.get(i)));
        }
        return new Outcome(summary(UUID.randomUUID().toString(), spec.target(), spec.dataset(), source, values,
                predictions, actor, now, (System.nanoTime() - t0) / 1_000_000), results);
    }

    private List<String> metrics(EvaluationSpec spec, AssetVersion target, Set<String> known) {
        List<String> metrics = spec.metrics();
        if (metrics.isEmpty()) {
            metrics = target.type() == AssetType.PROMPT ? List.of("exact_match", "token_f1", "latency_ms")
                    : List.of("accuracy", "latency_ms");
        }
        for (String m : metrics) {
            if (!known.contains(m)) {
                throw new ValidationException("metrics", "unknown metric '" + m + "'; the installed evaluators compute "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
        if (new HashSet<>(metrics).size() != metrics.size()) throw new ValidationException("metrics", "a metric is named twice");
        return metrics;
    }

    /** Every feature of the model's signature must be a dataset column of a compatible type. */
    static void checkSignature(List<FeatureSpec> signature, DatasetVersionSpec ds, VersionRef ref) {
        if (signature.isEmpty()) return;
        Map<String, String> columns = new HashMap<>();
        for (FeatureSpec f : ds.schema()) columns.put(f.name(), f.type());
        for (FeatureSpec f : signature) {
            String t = columns.get(f.name());
            if (t == null) {
                throw new ValidationException("dataset", "the dataset " + ref + " has no column '" + f.name()
                        + "', which the model's signature requires (columns: " + String.join(", ", new TreeSet<>(columns.keySet())) + ")");
            }
            boolean numeric = "number".equals(f.type()) || "integer".equals(f.type());
            boolean numericColumn = "number".equals(t) || "integer".equals(t);
            if (numeric && !numericColumn) {
                throw new ValidationException("dataset", "the column '" + f.name() + "' of " + ref + " holds " + t
                        + " values; the model's signature expects " + f.type());
            }
        }
    }

    private List<Example> read(VersionRef ref, DatasetVersionSpec ds) {
        ArtifactContent c = registry.openArtifact(AssetType.DATASET, ref.name(), ref.version());
        try (InputStream in = c.content()) {
            return DatasetReader.read(ds.format(), ds.schema(), in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the dataset " + ref + ": " + e.getMessage(), e);
        }
    }

    private List<Prediction> call(EvaluationSpec spec, AssetVersion target, List<FeatureSpec> signature, List<Example> examples) {
        Backend b = spec.backend() != null ? spec.backend() : deployedBackend(spec.target());
        if (b == null) {
            throw new ValidationException("backend", "give a backend or predictions: no deployment serves " + spec.target());
        }
        if (b.type() == null) throw new ValidationException("backend.type", "backend.type is required");
        InferenceBackend backend = backends.get(b.type());
        if (backend == null) {
            throw new ValidationException("backend.type", "no backend of type '" + b.type() + "' is installed; installed: "
                    + String.join(", ", new TreeSet<>(backends.keySet())));
        }
        backend.validate(b);
        int concurrency = spec.concurrency() == null ? DEFAULT_CONCURRENCY : spec.concurrency();
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new ValidationException("concurrency", "concurrency must be 1 to " + MAX_CONCURRENCY);
        }
        int retries = spec.retries() == null ? b.retries() : spec.retries();
        if (retries < 0 || retries > 10) throw new ValidationException("retries", "retries must be 0 to 10");
        Duration timeout = spec.timeout() == null ? b.timeout() : spec.timeout();
        if (timeout.isNegative() || timeout.isZero()) throw new ValidationException("timeout", "timeout must be positive");
        boolean chat = b.type().equals("openai-chat") || target.type() == AssetType.PROMPT;
        InferenceRequest.Kind kind = chat ? InferenceRequest.Kind.CHAT : InferenceRequest.Kind.INVOKE;
        Caller.Body body = target.spec() instanceof PromptVersionSpec p ? Target.prompt(p) : Target.model(signature, kind);
        List<Prediction> out = new Caller(backend, b, kind, retries, timeout).callAll(examples, body, concurrency);
        return priced(spec.target(), out);
    }

    /** The backend of a deployment serving {@code ref} as its stable or candidate side. */
    private Backend deployedBackend(VersionRef ref) {
        return store.read(tx -> {
            for (Deployment d : tx.deployments().deployments()) {
                if (d.stable() != null && ref.equals(d.stable().version())) return d.stable().backend();
                if (d.candidate() != null && ref.equals(d.candidate().version())) return d.candidate().backend();
            }
            return null;
        });
    }

    /** Prices answers that reported tokens but no cost with the model's price table entry, as monitoring does. */
    private List<Prediction> priced(VersionRef target, List<Prediction> ps) {
        if (target.type() != AssetType.MODEL) return ps;
        var price = store.read(tx -> tx.monitoring().prices().stream().filter(p -> p.model().equals(target.name())).findFirst());
        if (price.isEmpty()) return ps;
        List<Prediction> out = new ArrayList<>(ps.size());
        for (Prediction p : ps) {
            if (p.cost() == null && (p.inputTokens() != null || p.outputTokens() != null)) {
                double cost = (p.inputTokens() == null ? 0 : p.inputTokens()) * price.get().inputPerMillion() / 1e6
                        + (p.outputTokens() == null ? 0 : p.outputTokens()) * price.get().outputPerMillion() / 1e6;
                p = new Prediction(p.output(), p.probability(), p.latencyMs(), p.inputTokens(), p.outputTokens(), cost, p.error());
            }
            out.add(p);
        }
        return out;
    }

    /**
     * One metric over the answered examples. An evaluator that throws (anything but a
     * validation error, which is the caller's input) or answers the wrong number of scores
     * fails the metric on every example with the reason; the other metrics stand.
     */
    private MetricValue score(String metric, Map<String, Object> options, List<Observation> ok, List<Integer> okIndex,
            List<Map<String, ExampleScore>> perExample) {
        Evaluator ev = evaluators.apply(metric);
        boolean higher = true;
        MetricResult r;
        String failure = null;
        try {
            if (ev == null) throw new IllegalStateException("the evaluator of '" + metric + "' is no longer installed");
            higher = ev.higherIsBetter(metric);
            r = ok.isEmpty() ? new MetricResult(null, List.of(), true) : ev.evaluate(metric, ok, options);
            if (r == null || r.scores().size() != ok.size()) {
                throw new IllegalStateException("the evaluator answered " + (r == null ? "nothing" : r.scores().size()
                        + " scores") + " for " + ok.size() + " examples");
            }
        } catch (ValidationException e) {
            throw e;
        } catch (RuntimeException e) {
            failure = "the evaluator failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            r = null;
        }
        long scored = 0, failed = 0;
        for (int k = 0; k < ok.size(); k++) {
            ExampleScore s = r == null ? ExampleScore.failed(failure) : r.scores().get(k);
            if (s == null) s = ExampleScore.failed("the evaluator gave no score");
            perExample.get(okIndex.get(k)).put(metric, s);
            if (!s.ok()) failed++;
            else if (s.score() != null) scored++;
        }
        Double value = r == null || r.value() == null || !Double.isFinite(r.value()) ? null : r.value();
        return new MetricValue(metric, value, higher, r == null || r.decomposable(), scored, failed, failure);
    }

    static EvaluationRun summary(String id, VersionRef target, VersionRef dataset, String source, List<MetricValue> values,
            List<Prediction> predictions, String actor, Instant at, long durationMs) {
        List<Double> latencies = new ArrayList<>();
        long in = 0, out = 0, failed = 0;
        boolean tokens = false;
        double cost = 0;
        long costed = 0;
        for (Prediction p : predictions) {
            if (!p.ok()) {
                failed++;
                continue;
            }
            if (p.latencyMs() != null) latencies.add(p.latencyMs());
            if (p.inputTokens() != null) {
                in += p.inputTokens();
                tokens = true;
            }
            if (p.outputTokens() != null) {
                out += p.outputTokens();
                tokens = true;
            }
            if (p.cost() != null) {
                cost += p.cost();
                costed++;
            }
        }
        double[] l = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        return new EvaluationRun(id, target, dataset, source, values, predictions.size(), failed,
                l.length == 0 ? null : Stats.percentile(l, 0.5), l.length == 0 ? null : Stats.percentile(l, 0.95),
                tokens ? in : null, tokens ? out : null, costed == 0 ? null : cost / costed * 1000, actor, at, durationMs);
    }
}
