package org.aegisml.deployment.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.AnalysisRule;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.Bound;
import org.aegisml.api.deployment.Comparison;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.Step;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.junit.jupiter.api.Test;

/** The controller's arithmetic and spec checks, without a runtime. */
class LogicTest {
    private static final Target T = new Target(new VersionRef(AssetType.MODEL, "m", 2),
            new Backend("http-json", "http://127.0.0.1:1/p", Duration.ofSeconds(1), 0, Map.of()), null);

    @Test
    void theTwoProportionTestMatchesAHandComputation() {
        // z = 0.05 / sqrt(0.125 * 0.875 * 2/1000) = 3.3806, two-sided p = 0.000723
        Comparison c = AbTest.compare("error_rate", 0.10, 1000, 0.15, 1000, 0.05);
        assertEquals(0.000723, c.pValue(), 0.00001);
        assertTrue(c.significant());
        assertTrue(AbTest.candidateWorse(c));
        assertFalse(AbTest.candidateBetter(c));
        Comparison acc = AbTest.compare("accuracy", 0.80, 1000, 0.85, 1000, 0.05);
        assertTrue(AbTest.candidateBetter(acc), "higher accuracy is better");
        Comparison close = AbTest.compare("error_rate", 0.10, 200, 0.11, 200, 0.05);
        assertFalse(close.significant());
        assertTrue(close.pValue() > 0.5, String.valueOf(close.pValue()));
        assertNull(AbTest.compare("error_rate", 0.1, 10, 0.9, 10, 0.05).pValue(), "too few events per arm");
        assertEquals(1.0, AbTest.compare("error_rate", 0.0, 100, 0.0, 100, 0.05).pValue());
        assertEquals(0.975, AbTest.normalCdf(1.959964), 1e-6);
    }

    @Test
    void healthScoresUseOfTheLimit() {
        assertEquals(100, HealthScore.score(0.025, 0.05, Bound.MAX));
        assertEquals(80, HealthScore.score(0.0375, 0.05, Bound.MAX));
        assertEquals(60, HealthScore.score(0.05, 0.05, Bound.MAX));
        assertEquals(30, HealthScore.score(0.075, 0.05, Bound.MAX));
        assertEquals(0, HealthScore.score(0.2, 0.05, Bound.MAX));
        assertEquals(100, HealthScore.score(1.6, 0.8, Bound.MIN));
        assertEquals(73, HealthScore.score(0.95, 0.8, Bound.MIN));
        assertEquals(60, HealthScore.score(0.8, 0.8, Bound.MIN));
        assertEquals(0, HealthScore.score(0, 0.8, Bound.MIN));
    }

    private static RolloutSpec spec(Strategy s, List<Step> steps, List<AnalysisRule> rules, Integer weight) {
        return new RolloutSpec(s, T, steps, rules, null, null, null, null, null, null, null, weight, null, null, null, null, null);
    }

    private static String field(Runnable r) {
        return assertThrows(ValidationException.class, r::run).field();
    }

    @Test
    void specsAreCheckedAndCompleted() {
        AnalysisRule errors = new AnalysisRule(null, "error_rate", null, 0.05, null, null, null);
        RolloutSpec ok = Specs.rollout(spec(Strategy.CANARY, List.of(new Step(10, Duration.ofMinutes(1), null),
                new Step(100, null, null)), List.of(errors), null), m -> m.equals("error_rate"));
        assertEquals(Duration.ofSeconds(60), ok.interval());
        assertEquals(Duration.ofMinutes(5), ok.window());
        assertEquals(0, ok.failureLimit());
        assertEquals(3, ok.inconclusiveLimit());
        assertTrue(ok.steps().get(0).analysis(), "steps are analysed when there are rules");
        assertEquals("error_rate", ok.analysis().get(0).name());
        assertEquals(Bound.MAX, ok.analysis().get(0).bound());

        assertEquals("steps", field(() -> Specs.rollout(spec(Strategy.CANARY, List.of(new Step(10, null, false),
                new Step(50, null, false)), List.of(), null), m -> true)));
        assertEquals("steps[1].weight", field(() -> Specs.rollout(spec(Strategy.CANARY, List.of(new Step(50, null, false),
                new Step(20, null, false), new Step(100, null, false)), List.of(), null), m -> true)));
        assertEquals("weight", field(() -> Specs.rollout(spec(Strategy.AB, List.of(), List.of(errors), 100), m -> true)));
        assertEquals("analysis[0].metric", field(() -> Specs.rollout(spec(Strategy.CANARY, List.of(new Step(100, null, null)),
                List.of(errors), null), m -> false)));
        assertEquals("analysis", field(() -> Specs.rollout(spec(Strategy.SHADOW, List.of(), List.of(), null), m -> true)));
        assertEquals("steps[0].analysis", field(() -> Specs.rollout(spec(Strategy.CANARY, List.of(new Step(100, null, true)),
                List.of(), null), m -> true)));
        assertEquals("strategy", field(() -> Specs.rollout(spec(null, List.of(), List.of(), null), m -> true)));
    }

    @Test
    void manualPauseStepsAreThoseWithNeitherDurationNorAnalysis() {
        assertTrue(Transitions.manualPause(new Step(20, null, false)));
        assertFalse(Transitions.manualPause(new Step(20, Duration.ofSeconds(1), false)));
        assertFalse(Transitions.manualPause(new Step(20, null, true)));
    }
}
