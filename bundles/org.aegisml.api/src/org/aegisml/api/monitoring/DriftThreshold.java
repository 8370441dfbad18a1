package org.aegisml.api.monitoring;

/**
 * When a drift result is a warning and when an alert. For distances ({@link Direction#SCORE_ABOVE})
 * the score is compared; for statistical tests ({@link Direction#P_VALUE_BELOW}) the p-value.
 */
public record DriftThreshold(double warn, double alert, Direction direction) {
    public enum Direction {
        SCORE_ABOVE, P_VALUE_BELOW
    }

    public DriftStatus classify(DriftScore s) {
        double v = direction == Direction.SCORE_ABOVE ? s.score() : s.pValue();
        if (Double.isNaN(v)) return DriftStatus.UNKNOWN;
        if (direction == Direction.SCORE_ABOVE) {
            return v >= alert ? DriftStatus.ALERT : v >= warn ? DriftStatus.WARN : DriftStatus.OK;
        }
        return v < alert ? DriftStatus.ALERT : v < warn ? DriftStatus.WARN : DriftStatus.OK;
    }
}
