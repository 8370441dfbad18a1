package org.aegisml.api.deployment;

import java.util.Locale;

/** The outcome of one measurement, or of one analysis run (the worst of its measurements). */
public enum Verdict {
    SUCCESS, INCONCLUSIVE, FAILURE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Verdict worst(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
