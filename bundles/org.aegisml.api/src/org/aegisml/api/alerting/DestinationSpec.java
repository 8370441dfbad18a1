package org.aegisml.api.alerting;

import java.util.Map;

/**
 * What a caller submits to create or replace a destination: a name, the {@link AlertChannel#type()}
 * that delivers to it and that channel's settings. On replace, a setting whose value is
 * {@link Destination#MASK} keeps the value stored before, so a listed (masked) destination can
 * be edited and sent back without retyping its secrets.
 */
public record DestinationSpec(String name, String channel, Map<String, String> settings) {
    public DestinationSpec {
        // Not Map.copyOf: a null value must reach validation and be reported, not throw here.
        settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
    }
}
