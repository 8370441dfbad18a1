package org.aegisml.api.evaluation;

/** A regression test's outcome, overall and per metric. */
public enum RegressionVerdict {
    PASS, FAIL, INCONCLUSIVE;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
