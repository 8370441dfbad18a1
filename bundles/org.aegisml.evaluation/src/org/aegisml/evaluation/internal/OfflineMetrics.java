package org.aegisml.evaluation.internal;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.aegisml.api.deployment.AnalysisMetric;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.evaluation.EvaluationRun;
import org.aegisml.api.evaluation.Evaluator;
import org.aegisml.api.evaluation.MetricValue;
import org.aegisml.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Offline evaluation scores for rollout analysis: {@code offline_<metric>} is the metric's value
 * in the newest evaluation run of the target's version (any dataset), with the examples it was
 * scored on as samples. It does not depend on the window: an offline score is a property of
 * the version, which lets a rule compare candidate and stable on the golden set.
 */
@Component(service = AnalysisMetric.class)
public final class OfflineMetrics implements AnalysisMetric {
    static final String PREFIX = "offline_";
    private final Store store;
    private final List<Evaluator> evaluators = new CopyOnWriteArrayList<>();

    @Activate
    public OfflineMetrics(@Reference Store store) {
        this.store = store;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEvaluator(Evaluator e) {
        evaluators.add(e);
    }

    void removeEvaluator(Evaluator e) {
        evaluators.remove(e);
    }

    @Override
    public Set<String> metrics() {
        Set<String> out = new HashSet<>();
        for (Evaluator e : evaluators) {
            try {
                for (String m : e.metrics()) out.add(PREFIX + m);
            } catch (RuntimeException x) {
                // An evaluator that cannot list its metrics offers none.
            }
        }
        return out;
    }

    @Override
    public Value measure(String metric, Target target, String endpoint, Instant from, Instant to) {
        String name = metric.startsWith(PREFIX) ? metric.substring(PREFIX.length()) : metric;
        for (EvaluationRun r : store.read(tx -> tx.evaluations().runs(target.version(), null, 50))) {
            MetricValue m = r.metric(name);
            if (m != null && m.value() != null) return new Value(OptionalDouble.of(m.value()), m.scored());
        }
        return new Value(OptionalDouble.empty(), 0);
    }
}
