package org.aegisml.api.monitoring;

import java.util.List;
import java.util.Map;

/**
 * A model's drift settings. {@code thresholds} overrides a method's default threshold by
 * method name. A feature's status is the worst status among the {@code decidingMethods}
 * (every method is still computed and reported with its own status): by default PSI alone,
 * because statistical tests such as KS reject on trivial differences once samples are large,
 * which would flag every feature of a busy model. {@code performanceWarn} and
 * {@code performanceAlert} are the relative degradations of a quality metric (accuracy, AUC
 * down; MAE, RMSE up) against the baseline that make a warning and an alert. A side with
 * fewer than {@code minSamples} values gives scores but no verdict ({@link DriftStatus#UNKNOWN}):
 * a handful of events says nothing about a distribution.
 */
public record DriftSettings(String model, Map<String, DriftThreshold> thresholds, List<String> decidingMethods,
        double performanceWarn, double performanceAlert, int minSamples) {
    public static final List<String> DEFAULT_DECIDING = List.of("psi");
    public static final double DEFAULT_PERFORMANCE_WARN = 0.05;
    public static final double DEFAULT_PERFORMANCE_ALERT = 0.10;
    public static final int DEFAULT_MIN_SAMPLES = 50;

    public DriftSettings {
        thresholds = thresholds == null ? Map.of() : Map.copyOf(thresholds);
        decidingMethods = decidingMethods == null || decidingMethods.isEmpty() ? DEFAULT_DECIDING
                : List.copyOf(decidingMethods);
    }

    public static DriftSettings defaults(String model) {
        return new DriftSettings(model, Map.of(), DEFAULT_DECIDING, DEFAULT_PERFORMANCE_WARN, DEFAULT_PERFORMANCE_ALERT,
                DEFAULT_MIN_SAMPLES);
    }
}
