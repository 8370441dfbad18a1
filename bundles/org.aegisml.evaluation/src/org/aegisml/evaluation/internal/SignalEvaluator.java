package org.aegisml.evaluation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.aegisml.api.evaluation.Evaluator;
import org.aegisml.api.evaluation.ExampleScore;
import org.aegisml.api.evaluation.MetricResult;
import org.aegisml.api.evaluation.Observation;
import org.aegisml.api.monitoring.LlmCall;
import org.aegisml.api.monitoring.LlmSignalScorer;
import org.aegisml.api.monitoring.PromptInjectionScorer;
import org.aegisml.api.monitoring.SignalScore;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * LLM safety metrics scored by the same scorers monitoring runs on live traffic, so an offline
 * number and a live one mean the same thing: {@code hallucination} (mean of the
 * {@code hallucination} signal against the example's context), {@code groundedness} (one minus
 * it), {@code prompt_injection_rate} (share of inputs whose highest injection score is at least
 * {@code threshold}, default 0.5) and {@code policy_violation_rate} (the same for the
 * {@code policy} signal on outputs). A metric whose scorer is not installed fails with that reason.
 */
@Component(service = Evaluator.class)
public final class SignalEvaluator implements Evaluator {
    private final List<LlmSignalScorer> signals = new CopyOnWriteArrayList<>();
    private final List<PromptInjectionScorer> injection = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSignal(LlmSignalScorer s) {
        signals.add(s);
    }

    void removeSignal(LlmSignalScorer s) {
        signals.remove(s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addInjection(PromptInjectionScorer s) {
        injection.add(s);
    }

    void removeInjection(PromptInjectionScorer s) {
        injection.remove(s);
    }

    @Override
    public Set<String> metrics() {
        return Set.of("hallucination", "groundedness", "prompt_injection_rate", "policy_violation_rate");
    }

    @Override
    public boolean higherIsBetter(String metric) {
        return metric.equals("groundedness");
    }

    @Override
    public MetricResult evaluate(String metric, List<Observation> obs, Map<String, Object> options) {
        double threshold = Values.option(options, "threshold", 0.5);
        LlmSignalScorer scorer = null;
        if (!metric.equals("prompt_injection_rate")) {
            String signal = metric.equals("policy_violation_rate") ? "policy" : "hallucination";
            for (LlmSignalScorer s : signals) if (s.signal().equals(signal)) scorer = s;
            if (scorer == null) throw new IllegalStateException("no LlmSignalScorer for the '" + signal + "' signal is installed");
        } else if (injection.isEmpty()) {
            throw new IllegalStateException("no PromptInjectionScorer is installed");
        }
        List<ExampleScore> scores = new ArrayList<>(obs.size());
        for (Observation o : obs) {
            LlmCall call = new LlmCall(null, input(o), Values.text(o.prediction().output()), o.example().expected().context(),
                    List.of());
            try {
                scores.add(switch (metric) {
                    case "prompt_injection_rate" -> rate(maxInjection(call), threshold);
                    case "policy_violation_rate" -> rate(scorer.score(call), threshold);
                    case "groundedness" -> {
                        SignalScore s = scorer.score(call);
                        yield ExampleScore.of(1 - s.score(), findings(s));
                    }
                    default -> {
                        SignalScore s = scorer.score(call);
                        yield ExampleScore.of(s.score(), findings(s));
                    }
                });
            } catch (RuntimeException e) {
                scores.add(ExampleScore.failed("the scorer failed: " + e));
            }
        }
        return MetricResult.mean(scores);
    }

    private SignalScore maxInjection(LlmCall call) {
        SignalScore best = SignalScore.NONE;
        for (PromptInjectionScorer s : injection) {
            SignalScore x = s.score(call);
            if (x.score() > best.score()) best = x;
        }
        return best;
    }

    private static ExampleScore rate(SignalScore s, double threshold) {
        return ExampleScore.of(s.score() >= threshold ? 1 : 0, findings(s));
    }

    private static String findings(SignalScore s) {
        return s.findings().isEmpty() ? null : String.join("; ", s.findings());
    }

    /** The text the model was asked: the example's {@code input}, else its inputs as JSON. */
    static String input(Observation o) {
        return Target.SignalInput.of(o.example());
    }
}
