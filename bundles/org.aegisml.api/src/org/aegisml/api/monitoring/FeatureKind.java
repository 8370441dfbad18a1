package org.aegisml.api.monitoring;

/** How a feature (or a prediction) is summarised: binned numbers or counted categories. */
public enum FeatureKind {
    NUMERIC, CATEGORICAL
}
