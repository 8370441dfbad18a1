package org.aegisml.api.policy;

import java.util.Locale;

/**
 * What a rule asks for when it matches, weakest first: the decision's effect is the strongest
 * effect of all matching rules (a deny wins over everything, a required approval over a
 * redaction, ...). At a rollout step {@code deny} rolls the rollout back.
 */
public enum Effect {
    ALLOW, FLAG, REDACT, REQUIRE_APPROVAL, DENY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Effect parse(String s) {
        if (s == null) return null;
        String n = s.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Effect e : values()) if (e.name().equals(n)) return e;
        return null;
    }

    public Effect max(Effect other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
