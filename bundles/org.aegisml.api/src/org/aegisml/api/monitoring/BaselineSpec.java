package org.aegisml.api.monitoring;

import java.time.Instant;

/**
 * How to set a baseline: either a dataset version ({@code dataset}, {@code datasetVersion};
 * latest when null) or a window of live traffic ({@code from}, {@code to}, optionally of
 * another version of the same model and of one endpoint). Exactly one of the two.
 */
public record BaselineSpec(String dataset, Integer datasetVersion, Instant from, Instant to, Integer windowVersion,
        String endpoint) {

    public static BaselineSpec dataset(String name, Integer version) {
        return new BaselineSpec(name, version, null, null, null, null);
    }

    public static BaselineSpec window(Instant from, Instant to) {
        return new BaselineSpec(null, null, from, to, null, null);
    }
}
