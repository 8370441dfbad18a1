package org.aegisml.api.alerting;

import java.util.Locale;

/**
 * How a rule compares the metric with its threshold; the rule fires while this holds.
 * {@link #ANOMALY}: the rule's window is a step of the metric's series, and the value is the
 * robust z-score of the last complete step against the 30 steps before it (0 when the step is
 * not an anomaly); it fires while |z| exceeds the threshold (e.g. 3.5).
 */
public enum Condition {
    GT(">"), GTE(">="), LT("<"), LTE("<="), ANOMALY("|z| >");

    /** Steps of history an {@link #ANOMALY} rule compares the last step with. */
    public static final int ANOMALY_WINDOW = 30;

    private final String symbol;

    Condition(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean breached(double value, double threshold) {
        return switch (this) {
            case GT -> value > threshold;
            case GTE -> value >= threshold;
            case LT -> value < threshold;
            case LTE -> value <= threshold;
            case ANOMALY -> Math.abs(value) > threshold;
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The condition named by {@code s} ({@code gt}, {@code gte}, {@code lt}, {@code lte}, {@code anomaly}), or null. */
    public static Condition parse(String s) {
        if (s == null) return null;
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
