package org.aegisml.evaluation.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

import org.aegisml.api.deployment.AnalysisMetric;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.evaluation.Feedback;
import org.aegisml.api.evaluation.FeedbackSummary;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Online quality for rollout analysis: {@code feedback_score} (mean score), {@code thumbs_up_rate}
 * (share of thumbs that were up) and {@code correction_rate} (share of feedback that corrected
 * the answer) of a target's model version on an endpoint over the window. Feedback is keyed by
 * the version that served the call, so the candidate and the stable of a rollout are measured
 * apart, as their arms are.
 */
@Component(service = AnalysisMetric.class)
public final class FeedbackMetrics implements AnalysisMetric {
    private final Store store;

    @Activate
    public FeedbackMetrics(@Reference Store store) {
        this.store = store;
    }

    @Override
    public Set<String> metrics() {
        return Set.of("feedback_score", "thumbs_up_rate", "correction_rate");
    }

    @Override
    public Value measure(String metric, Target target, String endpoint, Instant from, Instant to) {
        VersionRef v = target.model() != null ? target.model() : target.version();
        List<Feedback> fs = store.read(tx -> tx.evaluations().feedbackFor(v.name(), v.version(), endpoint, from, to));
        double sum = 0;
        long n = 0;
        for (Feedback f : fs) {
            switch (metric) {
                case "feedback_score" -> {
                    if (f.score() != null) {
                        sum += f.score();
                        n++;
                    }
                }
                case "thumbs_up_rate" -> {
                    if (f.thumbsUp() != null) {
                        sum += f.thumbsUp() ? 1 : 0;
                        n++;
                    }
                }
                default -> {
                    sum += f.hasCorrection() ? 1 : 0;
                    n++;
                }
            }
        }
        return new Value(n == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / n), n);
    }

    /** Feedback grouped by model version and arm, in version then arm order. */
    static List<FeedbackSummary> summaries(List<Feedback> fs) {
        Map<String, List<Feedback>> groups = new TreeMap<>();
        for (Feedback f : fs) {
            groups.computeIfAbsent(String.format("%s\u0000%010d\u0000%s", f.model(), f.version(), f.arm()), k -> new ArrayList<>()).add(f);
        }
        List<FeedbackSummary> out = new ArrayList<>();
        for (List<Feedback> g : groups.values()) {
            double score = 0;
            long scored = 0, up = 0, down = 0, corrections = 0;
            for (Feedback f : g) {
                if (f.score() != null) {
                    score += f.score();
                    scored++;
                }
                if (Boolean.TRUE.equals(f.thumbsUp())) up++;
                if (Boolean.FALSE.equals(f.thumbsUp())) down++;
                if (f.hasCorrection()) corrections++;
            }
            Feedback first = g.get(0);
            out.add(new FeedbackSummary(first.model(), first.version(), first.arm(), g.size(), scored == 0 ? null : score / scored,
                    up, down, up + down == 0 ? null : (double) up / (up + down), corrections));
        }
        return out;
    }
}
