package org.aegisml.api.deployment;

import java.util.Locale;

/** An approval request is pending until decided, or cancelled when what it gates ends first. */
public enum ApprovalState {
    PENDING, APPROVED, REJECTED, CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ApprovalState parse(String s) {
        try {
            return s == null ? null : valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
