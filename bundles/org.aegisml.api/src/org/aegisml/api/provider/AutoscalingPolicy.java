package org.aegisml.api.provider;

import java.time.Duration;

/**
 * How one hosted deployment's stable version is scaled: keep {@code metric} near {@code target}
 * with between {@code minReplicas} and {@code maxReplicas}. Desired replicas are
 * {@code ceil(current * value / target)}, left alone while the value is within {@code tolerance}
 * (a fraction, default 0.1) of the target. After a scale-up nothing changes for
 * {@code scaleUpCooldown} (default 1 min); a scale-down happens only when every decision in the
 * last {@code scaleDownCooldown} (default 5 min) wanted at most that many, and not within that
 * long of any change, so a load that comes and goes never makes it oscillate. {@code window} is
 * how far back latency is measured (default 1 min); {@code interval} how often it decides
 * (default 15 s). Null values take the defaults; null enabled is true.
 */
public record AutoscalingPolicy(String deployment, ScalingMetric metric, double target, int minReplicas, int maxReplicas,
        Double tolerance, Duration scaleUpCooldown, Duration scaleDownCooldown, Duration window, Duration interval,
        Boolean enabled) {

    public static final double DEFAULT_TOLERANCE = 0.1;
    public static final Duration DEFAULT_SCALE_UP_COOLDOWN = Duration.ofMinutes(1);
    public static final Duration DEFAULT_SCALE_DOWN_COOLDOWN = Duration.ofMinutes(5);
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);

    /** This policy with every default filled in. */
    public AutoscalingPolicy withDefaults() {
        return new AutoscalingPolicy(deployment, metric, target, minReplicas, maxReplicas,
                tolerance == null ? DEFAULT_TOLERANCE : tolerance,
                scaleUpCooldown == null ? DEFAULT_SCALE_UP_COOLDOWN : scaleUpCooldown,
                scaleDownCooldown == null ? DEFAULT_SCALE_DOWN_COOLDOWN : scaleDownCooldown,
                window == null ? DEFAULT_WINDOW : window, interval == null ? DEFAULT_INTERVAL : interval,
                enabled == null ? Boolean.TRUE : enabled);
    }
}
