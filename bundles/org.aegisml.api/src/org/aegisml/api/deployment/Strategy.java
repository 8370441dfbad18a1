package org.aegisml.api.deployment;

import java.util.Locale;

/**
 * How a rollout exposes its candidate. {@link #CANARY}: live traffic moves to it in weighted
 * steps. {@link #SHADOW}: a share of requests is copied to it and its answers are only compared.
 * {@link #AB}: fixed weights, sticky per request key, compared with a significance test.
 * {@link #BLUE_GREEN}: no live traffic until the pre-promotion analysis passes, then one atomic switch.
 */
public enum Strategy {
    CANARY, SHADOW, AB, BLUE_GREEN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code canary}, {@code shadow}, {@code ab} / {@code a/b}, {@code blue-green} / {@code blue_green}; null if unknown. */
    public static Strategy parse(String s) {
        if (s == null) {
            return null;
        }
        String k = s.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace("/", "");
        try {
            return valueOf(k);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
