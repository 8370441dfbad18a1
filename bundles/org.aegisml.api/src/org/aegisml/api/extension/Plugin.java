package org.aegisml.api.extension;

import java.time.Instant;

/**
 * A bundle file in the plugins directory and what became of it: {@code ACTIVE} (installed and
 * started), {@code REFUSED} (it cannot resolve, e.g. it imports an API version this server does
 * not have, or it is not a bundle; {@code reason} says why), {@code FAILED} (it resolved but its
 * start threw). {@code bundle} and {@code version} are null when the file is not a bundle.
 */
public record Plugin(String file, String bundle, String version, State state, String reason, Instant changedAt) {

    public enum State {
        ACTIVE, REFUSED, FAILED
    }
}
