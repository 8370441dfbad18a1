package org.aegisml.api.monitoring;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard extension point: one drift method (PSI, Kolmogorov-Smirnov, ...). Every
 * registered detector that supports a feature's kind is run on it. Detectors are called
 * concurrently and must be stateless; one that throws is reported as failed for that
 * feature and the others still run.
 */
@ConsumerType
public interface DriftDetector {
    /** Short unique name used in the API and in per-model threshold overrides, e.g. {@code psi}. */
    String method();

    boolean supports(FeatureKind kind);

    DriftThreshold defaultThreshold();

    /** Compares {@code current} against {@code baseline}; both share their bins. */
    DriftScore score(Histogram baseline, Histogram current);
}
