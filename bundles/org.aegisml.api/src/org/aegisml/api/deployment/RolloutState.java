package org.aegisml.api.deployment;

import java.util.Locale;

/**
 * The rollout state machine: {@code PENDING_APPROVAL -> PROGRESSING <-> PAUSED}, ending in
 * {@code PROMOTED}, {@code ROLLED_BACK} or {@code ABORTED}. An endpoint has at most one rollout
 * that is not terminal.
 */
public enum RolloutState {
    PENDING_APPROVAL, PROGRESSING, PAUSED, PROMOTED, ROLLED_BACK, ABORTED;

    public boolean terminal() {
        return this == PROMOTED || this == ROLLED_BACK || this == ABORTED;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RolloutState parse(String s) {
        try {
            return s == null ? null : valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
