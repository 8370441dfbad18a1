package org.aegisml.providers.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import org.aegisml.api.provider.AutoscalingPolicy;

/**
 * The autoscaling rule, without I/O so it can be driven by a synthetic load and a synthetic
 * clock. Like Kubernetes' horizontal pod autoscaler: desired = ceil(current x value / target),
 * nothing while within tolerance, bounded by min and max; a scale-up is followed by a cooldown in
 * which it does not scale up again; a scale-down takes the highest recommendation of the last
 * scale-down cooldown (a stabilisation window) and waits that long after any change, so a load
 * that comes and goes makes it go up quickly and come down once, never flap.
 */
final class Scaler {

    /** What is remembered between decisions of one deployment. */
    static final class State {
        Instant lastUp;
        Instant lastChange;
        final Deque<Recommendation> recent = new ArrayDeque<>();
    }

    record Recommendation(Instant at, int replicas) {
    }

    /** {@code desired == current} means leave it; {@code reason} says why in words. */
    record Outcome(int desired, boolean change, String reason) {
    }

    private Scaler() {
    }

    static Outcome decide(AutoscalingPolicy p, Double value, int current, Instant now, State s) {
        int min = p.minReplicas();
        int max = p.maxReplicas();
        if (current < min || current > max) {
            int bounded = Math.clamp(current, min, max);
            return changed(s, now, current, bounded, "outside the bounds " + min + ".." + max);
        }
        if (value == null || value.isNaN()) return new Outcome(current, false, "no data for " + p.metric().wire());
        double ratio = value / p.target();
        int raw;
        if (Math.abs(ratio - 1) <= p.tolerance()) {
            raw = current;
        } else {
            raw = Math.clamp((long) Math.ceil(current * ratio - 1e-9), min, max);
        }
        s.recent.addLast(new Recommendation(now, raw));
        Instant horizon = now.minus(p.scaleDownCooldown());
        while (!s.recent.isEmpty() && s.recent.peekFirst().at().isBefore(horizon)) s.recent.removeFirst();

        if (raw > current) {
            if (s.lastUp != null && now.isBefore(s.lastUp.plus(p.scaleUpCooldown()))) {
                return new Outcome(current, false, "wants " + raw + " but is cooling down after the scale-up at " + s.lastUp
                        + " (" + p.scaleUpCooldown().toSeconds() + " s)");
            }
            return changed(s, now, current, raw, String.format("%s %.3g is above the target %.3g", p.metric().wire(),
                    value, p.target()));
        }
        if (raw == current) {
            if (Math.abs(ratio - 1) > p.tolerance()) {
                return new Outcome(current, false, String.format("%s %.3g is %s the target %.3g but %d is the %s",
                        p.metric().wire(), value, ratio > 1 ? "above" : "below", p.target(), current,
                        ratio > 1 ? "maximum" : "minimum"));
            }
            return new Outcome(current, false, String.format("%s %.3g is within %.0f%% of the target %.3g",
                    p.metric().wire(), value, p.tolerance() * 100, p.target()));
        }
        // Scale down only to the highest replicas recommended within the window, and not soon after a change.
        int stable = raw;
        for (Recommendation r : s.recent) stable = Math.max(stable, r.replicas());
        if (s.lastChange != null && now.isBefore(s.lastChange.plus(p.scaleDownCooldown()))) {
            return new Outcome(current, false, "wants " + raw + " but the last change at " + s.lastChange
                    + " is less than " + p.scaleDownCooldown().toSeconds() + " s ago");
        }
        if (stable >= current) {
            return new Outcome(current, false, "wants " + raw + " but wanted " + stable + " within the last "
                    + p.scaleDownCooldown().toSeconds() + " s");
        }
        return changed(s, now, current, stable, String.format("%s %.3g is below the target %.3g", p.metric().wire(),
                value, p.target()));
    }

    private static Outcome changed(State s, Instant now, int current, int desired, String why) {
        if (desired == current) return new Outcome(current, false, why);
        if (desired > current) s.lastUp = now;
        s.lastChange = now;
        return new Outcome(desired, true, why + ": " + current + " -> " + desired + " replicas");
    }
}
