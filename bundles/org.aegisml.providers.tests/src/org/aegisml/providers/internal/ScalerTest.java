package org.aegisml.providers.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.aegisml.api.ValidationException;
import org.aegisml.api.provider.AutoscalingPolicy;
import org.aegisml.api.provider.ScalingMetric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The autoscaling rule under synthetic loads on a synthetic clock: one decision every 15 s. */
class ScalerTest {
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final Duration STEP = Duration.ofSeconds(15);

    /** Queue per replica, target 10, 1..10 replicas, scale-up cooldown 1 min, scale-down window 5 min. */
    private static AutoscalingPolicy policy() {
        return AutoscalerService.validate(new AutoscalingPolicy("d", ScalingMetric.QUEUE_LENGTH, 10, 1, 10, null,
                Duration.ofMinutes(1), Duration.ofMinutes(5), null, STEP, null));
    }

    /**
     * Runs a total load (requests in flight over all replicas) through the scaler; the value it
     * sees is the load per current replica, as the service measures it. Returns the replicas after each step.
     */
    private static List<Integer> run(AutoscalingPolicy p, int start, double[] load) {
        Scaler.State s = new Scaler.State();
        int replicas = start;
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < load.length; i++) {
            Scaler.Outcome o = Scaler.decide(p, load[i] / replicas, replicas, T0.plus(STEP.multipliedBy(i)), s);
            if (o.change()) replicas = o.desired();
            out.add(replicas);
        }
        return out;
    }

    @Test
    void aLoadSpikeScalesUpAtOnceAndTheCooldownHoldsTheNextScaleUp() {
        // 1 replica, then 40 in flight: 40 per replica against 10 -> 4 replicas at once.
        double[] load = new double[12];
        java.util.Arrays.fill(load, 1, 12, 40);
        load[0] = 10;
        List<Integer> r = run(policy(), 1, load);
        assertEquals(1, r.get(0), "at the target: nothing");
        assertEquals(4, r.get(1), "ceil(1 x 40 / 10)");
        // The load keeps growing relative to nothing: at 4 replicas 40 is exactly on target, so it stays.
        assertEquals(4, r.get(11));
    }

    @Test
    void scaleUpsAreSpacedByTheCooldown() {
        // A load that keeps doubling: it wants more every step, but gets it at most once a minute.
        double[] load = new double[16];
        for (int i = 0; i < load.length; i++) load[i] = 20 * Math.pow(1.6, i);
        List<Integer> r = run(policy(), 1, load);
        List<Integer> changesAt = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) if (!r.get(i).equals(i == 0 ? 1 : r.get(i - 1))) changesAt.add(i);
        assertTrue(changesAt.size() >= 2, "it scaled up more than once: " + r);
        for (int i = 1; i < changesAt.size(); i++) {
            assertTrue(changesAt.get(i) - changesAt.get(i - 1) >= 4, "scale-ups at least 60 s (4 steps) apart: " + r);
        }
        assertEquals(10, r.get(r.size() - 1), "capped at the maximum: " + r);
    }

    @Test
    void aLoadThatComesAndGoesDoesNotMakeItOscillate() {
        // 60 in flight and 5 in flight, alternating every step for 10 minutes.
        double[] load = new double[40];
        for (int i = 0; i < load.length; i++) load[i] = i % 2 == 0 ? 60 : 5;
        List<Integer> r = run(policy(), 6, load);
        int changes = 0;
        for (int i = 1; i < r.size(); i++) if (!r.get(i).equals(r.get(i - 1))) changes++;
        assertEquals(0, changes, "the peaks need 6 replicas; the troughs never last a whole window: " + r);
    }

    @Test
    void scaleDownWaitsForTheWholeWindowAndThenGoesDownOnce() {
        // 60 in flight for a minute, then 5 for 10 minutes.
        double[] load = new double[48];
        for (int i = 0; i < load.length; i++) load[i] = i < 4 ? 60 : 5;
        List<Integer> r = run(policy(), 6, load);
        int firstDown = -1;
        for (int i = 1; i < r.size(); i++) {
            if (r.get(i) < r.get(i - 1)) {
                firstDown = i;
                break;
            }
        }
        assertTrue(firstDown >= 4 + 20, "not before five minutes (20 steps) of low load: " + r);
        assertEquals(1, r.get(r.size() - 1), "down to what 5 in flight needs: " + r);
        int downs = 0;
        for (int i = 1; i < r.size(); i++) if (r.get(i) < r.get(i - 1)) downs++;
        assertEquals(1, downs, "in one step, not a staircase: " + r);
    }

    @Test
    void withinToleranceNothingChangesAndBoundsAreEnforced() {
        AutoscalingPolicy p = policy();
        Scaler.State s = new Scaler.State();
        Scaler.Outcome o = Scaler.decide(p, 10.9, 3, T0, s);
        assertFalse(o.change(), o.reason());
        assertTrue(o.reason().contains("within 10%"), o.reason());
        o = Scaler.decide(p, null, 3, T0, s);
        assertFalse(o.change());
        assertTrue(o.reason().contains("no data"), o.reason());
        o = Scaler.decide(p, 1.0, 14, T0, new Scaler.State());
        assertTrue(o.change());
        assertEquals(10, o.desired(), "a deployment above the maximum is brought back to it: " + o.reason());
    }

    @Test
    void impossiblePoliciesAreRefusedWithTheField() {
        assertField("target", () -> AutoscalerService.validate(new AutoscalingPolicy("d", ScalingMetric.LATENCY_P95, 0, 1, 2,
                null, null, null, null, null, null)));
        assertField("maxReplicas", () -> AutoscalerService.validate(new AutoscalingPolicy("d", ScalingMetric.LATENCY_P95, 100,
                3, 2, null, null, null, null, null, null)));
        assertField("minReplicas", () -> AutoscalerService.validate(new AutoscalingPolicy("d", ScalingMetric.LATENCY_P95, 100,
                0, 2, null, null, null, null, null, null)));
        assertField("target", () -> AutoscalerService.validate(new AutoscalingPolicy("d", ScalingMetric.GPU_UTILIZATION, 120,
                1, 2, null, null, null, null, null, null)));
        assertField("interval", () -> AutoscalerService.validate(new AutoscalingPolicy("d", ScalingMetric.QUEUE_LENGTH, 5,
                1, 2, null, null, null, null, Duration.ZERO, null)));
        assertField("tolerance", () -> AutoscalerService.validate(new AutoscalingPolicy("d", ScalingMetric.QUEUE_LENGTH, 5,
                1, 2, 1.5, null, null, null, null, null)));
    }

    private static void assertField(String field, Executable e) {
        ValidationException x = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class, e);
        assertEquals(field, x.field(), x.getMessage());
    }
}
