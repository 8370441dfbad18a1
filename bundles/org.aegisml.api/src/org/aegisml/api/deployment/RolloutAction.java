package org.aegisml.api.deployment;

import java.util.Locale;

/** What an operator can do to a rollout by hand. */
public enum RolloutAction {
    PAUSE, RESUME, PROMOTE, ABORT, ROLLBACK;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RolloutAction parse(String s) {
        try {
            return s == null ? null : valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
