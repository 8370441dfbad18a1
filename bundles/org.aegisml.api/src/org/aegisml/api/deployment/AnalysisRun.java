package org.aegisml.api.deployment;

import java.time.Instant;
import java.util.List;

/**
 * The rules of a rollout measured once, at step {@code step} over the window
 * {@code [from, to)}; {@code verdict} is the worst of the measurements.
 */
public record AnalysisRun(String id, String rollout, int step, Instant from, Instant to, Verdict verdict,
        List<Measurement> measurements) {
    public AnalysisRun {
        measurements = List.copyOf(measurements);
    }
}
