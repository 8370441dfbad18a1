package org.aegisml.monitoring.internal.signals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.aegisml.api.monitoring.LlmCall;
import org.aegisml.api.monitoring.LlmSignalScorer;
import org.aegisml.api.monitoring.SignalScore;
import org.osgi.service.component.annotations.Component;

/**
 * Self-consistency: when the caller sampled several outputs for one input, how much they
 * disagree, as one minus the mean pairwise Jaccard similarity of their content-word sets. A
 * model that knows the answer tends to repeat it; one that is making it up tends to say
 * something different each time. Without samples the score is 0 with the finding
 * {@code no_samples}.
 */
@Component(service = LlmSignalScorer.class)
public final class SampleDisagreementScorer implements LlmSignalScorer {
    private static final SignalScore NO_SAMPLES = new SignalScore(0, List.of("no_samples"));

    @Override
    public String signal() {
        return "disagreement";
    }

    @Override
    public SignalScore score(LlmCall call) {
        if (call.samples().isEmpty() || (call.output() == null && call.samples().size() < 2)) return NO_SAMPLES;
        List<Set<String>> texts = new ArrayList<>();
        if (call.output() != null) texts.add(new HashSet<>(Text.contentTokens(call.output())));
        for (String sample : call.samples()) texts.add(new HashSet<>(Text.contentTokens(sample)));
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < texts.size(); i++) {
            for (int j = i + 1; j < texts.size(); j++) {
                sum += jaccard(texts.get(i), texts.get(j));
                pairs++;
            }
        }
        return new SignalScore(1 - sum / pairs, List.of());
    }

    /** Two texts without content words (both empty, or only filler) count as agreeing. */
    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) return 1;
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        int common = 0;
        for (String t : small) if (large.contains(t)) common++;
        return (double) common / (a.size() + b.size() - common);
    }
}
