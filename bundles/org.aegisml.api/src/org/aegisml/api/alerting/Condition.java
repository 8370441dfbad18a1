package org.aegisml.api.alerting;

import java.util.Locale;

/** How a rule compares the metric with its threshold; the rule fires while this holds. */
public enum Condition {
    GT(">"), GTE(">="), LT("<"), LTE("<=");

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
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The condition named by {@code s} ({@code gt}, {@code gte}, {@code lt}, {@code lte}), or null. */
    public static Condition parse(String s) {
        if (s == null) return null;
        try {
            return valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
