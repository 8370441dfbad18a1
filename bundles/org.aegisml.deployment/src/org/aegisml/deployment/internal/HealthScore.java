package org.aegisml.deployment.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.aegisml.api.deployment.AnalysisRule;
import org.aegisml.api.deployment.Bound;
import org.aegisml.api.deployment.Health;
import org.aegisml.api.deployment.Measurement;
import org.aegisml.api.deployment.Verdict;

/**
 * A deployment's health from its analysis measurements. Each conclusive measurement scores by
 * how much of its limit it uses: up to half the limit is 100, exactly at the limit 60, and
 * past it the score falls to 0 at twice the limit (for a minimum, the same on the inverse
 * ratio). The deployment scores its worst component, so one failing metric cannot be
 * averaged away by healthy ones. A measurement without a verdict (too little traffic) shows
 * with score -1 and does not count; with none conclusive the score is 100.
 */
final class HealthScore {
    /** Without a rollout's own rules: the stable's error rate against 5 %. */
    static final List<AnalysisRule> DEFAULT_RULES = List.of(new AnalysisRule("error_rate", "error_rate", Bound.MAX, 0.05,
            false, null, 1));

    private HealthScore() {
    }

    static Health of(String deployment, Instant at, List<AnalysisRule> rules, List<Measurement> ms) {
        List<Health.Component> parts = new ArrayList<>();
        int overall = 100;
        for (int i = 0; i < ms.size(); i++) {
            Measurement m = ms.get(i);
            AnalysisRule r = rules.get(i);
            if (m.verdict() == Verdict.INCONCLUSIVE || m.candidate() == null || m.limit() == null) {
                parts.add(new Health.Component(m.rule(), m.candidate(), m.limit(), -1, m.reason()));
                continue;
            }
            int score = score(m.candidate(), m.limit(), r.bound());
            overall = Math.min(overall, score);
            parts.add(new Health.Component(m.rule(), m.candidate(), m.limit(), score, m.reason()));
        }
        return new Health(deployment, overall, at, parts);
    }

    static int score(double value, double limit, Bound bound) {
        double ratio;
        if (bound == Bound.MAX) {
            if (limit <= 0) return value <= limit ? 100 : 0;
            ratio = value / limit;
        } else {
            if (limit <= 0) return value >= limit ? 100 : 0;
            if (value <= 0) return 0;
            ratio = limit / value;
        }
        double s;
        if (ratio <= 0.5) s = 100;
        else if (ratio <= 1) s = 100 - (ratio - 0.5) * 80;
        else s = Math.max(0, 60 - (ratio - 1) * 60);
        return (int) Math.round(s);
    }
}
