package org.aegisml.api.monitoring;

import java.util.List;

/**
 * One LLM signal for one call: a likelihood or severity in [0, 1] and what was found (a
 * matched attack pattern, the kind of PII, an unsupported sentence), never the secret itself.
 */
public record SignalScore(double score, List<String> findings) {
    public static final SignalScore NONE = new SignalScore(0, List.of());

    public SignalScore {
        if (Double.isNaN(score) || score < 0 || score > 1) throw new IllegalArgumentException("score must be in [0, 1]");
        findings = List.copyOf(findings);
    }
}
