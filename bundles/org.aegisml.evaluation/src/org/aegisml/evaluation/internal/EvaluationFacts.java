package org.aegisml.evaluation.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.evaluation.MetricComparison;
import org.aegisml.api.evaluation.RegressionResult;
import org.aegisml.api.policy.DecisionPoint;
import org.aegisml.api.policy.PolicyContextProvider;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code evaluation} variable of policies at {@code promotion} (for the version being
 * moved) and {@code rollout_start} (for the candidate): its newest regression test as
 * {@code evaluation.regression.verdict} ({@code pass}, {@code fail}, {@code inconclusive}, or
 * null when it was never tested), {@code .overridden}, {@code .blocks}, {@code .dataset},
 * {@code .baseline}, {@code .id} and {@code .metrics.<name>.verdict|candidate|baseline|delta}.
 * Read through the store, like the regression gate, to stay out of the registry's reference cycle.
 */
@Component(service = PolicyContextProvider.class)
public final class EvaluationFacts implements PolicyContextProvider {
    private final Store store;

    @Activate
    public EvaluationFacts(@Reference Store store) {
        this.store = store;
    }

    @Override
    public String variable() {
        return "evaluation";
    }

    @Override
    public Set<DecisionPoint> points() {
        return Set.of(DecisionPoint.PROMOTION, DecisionPoint.ROLLOUT_START);
    }

    @Override
    public Object provide(DecisionPoint point, Map<String, Object> context) {
        String ref = PolicyContextProvider.subjectVersion(point, context);
        VersionRef version = VersionRef.parse(ref);
        Map<String, Object> regression = new HashMap<>();
        regression.put("verdict", null);
        if (version != null) {
            List<RegressionResult> tests = store.read(tx -> tx.evaluations().regressions(version));
            if (!tests.isEmpty()) regression = regression(tests.get(0));
        }
        Map<String, Object> out = new HashMap<>();
        out.put("regression", regression);
        return out;
    }

    private static Map<String, Object> regression(RegressionResult t) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", t.id());
        m.put("verdict", t.verdict().name().toLowerCase(Locale.ROOT));
        m.put("overridden", t.override() != null);
        m.put("blocks", t.blocks());
        m.put("dataset", t.dataset() == null ? null : t.dataset().toString());
        m.put("baseline", t.baseline() == null ? null : t.baseline().toString());
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (MetricComparison c : t.metrics()) {
            Map<String, Object> x = new HashMap<>();
            x.put("verdict", c.verdict() == null ? null : c.verdict().name().toLowerCase(Locale.ROOT));
            x.put("candidate", c.candidate());
            x.put("baseline", c.baseline());
            x.put("delta", c.delta());
            metrics.put(c.metric(), x);
        }
        m.put("metrics", metrics);
        return m;
    }
}
