package org.aegisml.api.monitoring;

import java.util.Optional;

import org.aegisml.api.security.Actor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Baselines, per-model drift settings and drift reports. Every change is written to the
 * audit log. Reports read summaries only, never raw events.
 */
@ProviderType
public interface DriftAnalysis {

    /**
     * Sets (or replaces) the baseline of a model version. A dataset baseline reads the dataset
     * version's file once (CSV or NDJSON: a column {@code y_pred} or {@code y_proba} is the
     * prediction, {@code y_true} the label, every other column a feature).
     */
    Baseline setBaseline(String model, int version, BaselineSpec spec, Actor actor);

    /**
     * The baseline of a model version. Without one set, a dataset the version was
     * {@code TRAINED_ON} (lineage) becomes its baseline on first use.
     */
    Optional<Baseline> baseline(String model, int version);

    boolean deleteBaseline(String model, int version, Actor actor);

    DriftSettings settings(String model);

    DriftSettings saveSettings(DriftSettings settings, Actor actor);

    DriftReport drift(DriftQuery query);
}
