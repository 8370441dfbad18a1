package org.aegisml.console.views.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.deployment.AnalysisRun;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.Health;
import org.aegisml.api.deployment.Measurement;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutAction;
import org.aegisml.api.deployment.RolloutEvent;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.RolloutState;
import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.Step;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.deployment.Verdict;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.console.views.internal.model.Decision;
import org.aegisml.console.views.internal.model.Evidence;
import org.aegisml.console.views.internal.model.Format;
import org.aegisml.console.views.internal.model.OverviewModel;
import org.aegisml.console.views.internal.model.RolloutModel;
import org.aegisml.console.views.internal.model.SpecDiff;
import org.junit.jupiter.api.Test;

/** The views' models and formatting, without a screen. */
class ModelTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final Actor ALICE = new Actor("k-alice", "alice", Role.APPROVER);
    static final Actor BOB = new Actor("k-bob", "bob", Role.OPERATOR);

    @Test
    void formatsNumbersMoneyTimesAndStates() {
        assertEquals("1.23 %", Format.percent(0.0123));
        assertEquals("12.5 %", Format.percent(0.125));
        assertEquals("0.0 %", Format.percent(0.0));
        assertEquals("–", Format.percent(null));
        assertEquals("$12.35", Format.money(12.345));
        assertEquals("$0.00042", Format.money(0.00042));
        assertEquals("$0.00", Format.money(0));
        assertEquals("-$3.00", Format.money(-3));
        assertEquals("0.05", Format.number(0.05));
        assertEquals("250.0", Format.number(250.0));
        assertEquals("1.23e-05", Format.number(0.0000123));
        assertEquals("3", Format.number(3.0));
        assertEquals("2026-11-20 10:00:00", Format.time(T0, ZoneOffset.UTC));
        assertEquals("5 min ago", Format.ago(T0, T0.plusSeconds(301)));
        assertEquals("2 d ago", Format.ago(T0, T0.plus(Duration.ofHours(49))));
        assertEquals("rolled back", Format.words(RolloutState.ROLLED_BACK));
    }

    private static Approval approval(ApprovalState state, String requesterId, String requester) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("candidate", Map.of("version", "models/churn/2"));
        Map<String, Object> measured = new LinkedHashMap<>(); // evidence keeps the server's order
        measured.put("rule", "error_rate");
        measured.put("candidate", 0.01);
        evidence.put("analysis", List.of(measured));
        return new Approval("a-1", "promotion", "r-1", "churn", state, requesterId, requester, T0, "ship v2",
                state == ApprovalState.PENDING ? null : "k-carol", state == ApprovalState.PENDING ? null : "carol",
                null, null, evidence);
    }

    @Test
    void theDecisionRuleExplainsWhyTheOperatorMayNotDecide() {
        assertTrue(Decision.of(approval(ApprovalState.PENDING, "k-bob", "bob"), ALICE).allowed());
        Decision own = Decision.of(approval(ApprovalState.PENDING, "k-alice", "alice"), ALICE);
        assertFalse(own.allowed());
        assertTrue(own.why().contains("requester can never approve their own request"), own.why());
        // The server refuses by key id or by name: the console explains both.
        assertFalse(Decision.of(approval(ApprovalState.PENDING, "other-key", "alice"), ALICE).allowed());
        Decision role = Decision.of(approval(ApprovalState.PENDING, "k-carol", "carol"), BOB);
        assertFalse(role.allowed());
        assertTrue(role.why().contains("approver role") && role.why().contains("operator"), role.why());
        Decision done = Decision.of(approval(ApprovalState.APPROVED, "k-bob", "bob"), ALICE);
        assertFalse(done.allowed());
        assertTrue(done.why().contains("already approved (by carol)"), done.why());
        assertFalse(Decision.of(null, ALICE).allowed());
    }

    @Test
    void evidenceBecomesIndentedLines() {
        List<Evidence.Line> lines = Evidence.lines(approval(ApprovalState.PENDING, "k-bob", "bob").evidence());
        assertEquals(List.of(new Evidence.Line(0, "candidate", null), new Evidence.Line(1, "version", "models/churn/2"),
                new Evidence.Line(0, "analysis", null), new Evidence.Line(1, "[0]", null),
                new Evidence.Line(2, "rule", "error_rate"), new Evidence.Line(2, "candidate", "0.01")), lines);
    }

    static Target target(int v) {
        return new Target(new VersionRef(AssetType.MODEL, "churn", v), null, null);
    }

    static Rollout rollout(RolloutState state, int step, int weight, List<RolloutEvent> history, List<AnalysisRun> runs) {
        RolloutSpec spec = new RolloutSpec(Strategy.CANARY, target(2), List.of(new Step(5, Duration.ofMinutes(5), null),
                new Step(25, Duration.ofSeconds(90), null), new Step(100, null, true)), List.of(), null, null, null, null, null,
                null, null, null, null, null, null, null, null);
        return new Rollout("r-1", "churn", Strategy.CANARY, target(1), target(2), spec, state, step, weight, T0, 0, 0, null,
                "bob", T0, T0, state.terminal() ? T0.plusSeconds(600) : null, null, runs, history, null, null);
    }

    static RolloutEvent event(int seconds, RolloutState state, int step, int weight) {
        return new RolloutEvent(T0.plusSeconds(seconds), "step", state, step, weight, "controller", null, Map.of());
    }

    @Test
    void theTimelineMarksDoneCurrentAndPendingSteps() {
        RolloutModel m = new RolloutModel(rollout(RolloutState.PROGRESSING, 2, 25, List.of(), List.of()));
        assertEquals(List.of(RolloutModel.StepStatus.DONE, RolloutModel.StepStatus.CURRENT, RolloutModel.StepStatus.PENDING),
                m.timeline().stream().map(RolloutModel.StepView::status).toList());
        assertEquals(List.of("5 min", "90 s", "analysis"), m.timeline().stream().map(RolloutModel.StepView::duration).toList());
        assertEquals("step 2 of 3", m.position());
        RolloutModel rolledBack = new RolloutModel(rollout(RolloutState.ROLLED_BACK, 2, 0, List.of(), List.of()));
        assertEquals(List.of(RolloutModel.StepStatus.DONE, RolloutModel.StepStatus.NOT_REACHED,
                RolloutModel.StepStatus.NOT_REACHED), rolledBack.timeline().stream().map(RolloutModel.StepView::status).toList());
        assertEquals("rolled back", rolledBack.position());
        RolloutModel waiting = new RolloutModel(rollout(RolloutState.PENDING_APPROVAL, 0, 0, List.of(), List.of()));
        assertEquals(List.of(RolloutModel.StepStatus.PENDING, RolloutModel.StepStatus.PENDING,
                RolloutModel.StepStatus.PENDING), waiting.timeline().stream().map(RolloutModel.StepView::status).toList());
        assertEquals("pending approval, before step 1 of 3", waiting.position());
    }

    @Test
    void weightsAreAStepFunctionFromTheHistoryToNow() {
        List<RolloutEvent> h = List.of(event(0, RolloutState.PROGRESSING, 0, 5), event(300, RolloutState.PROGRESSING, 1, 25),
                event(320, RolloutState.PAUSED, 1, 25), event(400, RolloutState.ROLLED_BACK, 1, 0));
        RolloutModel m = new RolloutModel(rollout(RolloutState.ROLLED_BACK, 1, 0, h, List.of()));
        List<RolloutModel.Point> w = m.weights(T0.plusSeconds(10_000));
        // Repeated weights (the pause) are one segment; the line ends when the rollout ended.
        assertEquals(List.of(5.0, 25.0, 0.0, 0.0), w.stream().map(RolloutModel.Point::value).toList());
        assertEquals(T0.plusSeconds(600), w.getLast().at());
        RolloutModel live = new RolloutModel(rollout(RolloutState.PROGRESSING, 1, 25, h.subList(0, 2), List.of()));
        assertEquals(T0.plusSeconds(5000), live.weights(T0.plusSeconds(5000)).getLast().at());
    }

    @Test
    void metricsAreSeriesPerRuleWithTheirLimit() {
        AnalysisRun first = new AnalysisRun("x1", "r-1", 0, T0, T0.plusSeconds(60), Verdict.SUCCESS, List.of(
                new Measurement("error_rate", "error_rate", 0.01, 0.02, 100L, 900L, 0.05, Verdict.SUCCESS, null),
                new Measurement("latency_p99", "latency_p99", null, 120.0, 0L, 900L, 200.0, Verdict.INCONCLUSIVE, "no samples")));
        AnalysisRun second = new AnalysisRun("x2", "r-1", 1, T0.plusSeconds(60), T0.plusSeconds(120), Verdict.FAILURE, List.of(
                new Measurement("error_rate", "error_rate", 0.09, 0.02, 100L, 900L, 0.05, Verdict.FAILURE, "above limit")));
        RolloutModel m = new RolloutModel(rollout(RolloutState.ROLLED_BACK, 1, 0, List.of(), List.of(second, first)));
        List<RolloutModel.MetricSeries> s = m.metrics();
        assertEquals(List.of("error_rate", "latency_p99"), s.stream().map(RolloutModel.MetricSeries::rule).toList());
        assertEquals(List.of(0.01, 0.09), s.get(0).candidate().stream().map(RolloutModel.Point::value).toList());
        assertEquals(0.05, s.get(0).limit());
        assertEquals(List.of(Verdict.SUCCESS, Verdict.FAILURE), s.get(0).verdicts());
        assertTrue(s.get(1).candidate().isEmpty(), "a missing value is not drawn as zero");
        assertEquals(1, s.get(1).stable().size());
    }

    @Test
    void actionsFollowTheRolloutState() {
        assertEquals(Set.of(RolloutAction.PAUSE, RolloutAction.PROMOTE, RolloutAction.ABORT, RolloutAction.ROLLBACK),
                new RolloutModel(rollout(RolloutState.PROGRESSING, 0, 5, List.of(), List.of())).actions());
        assertEquals(Set.of(RolloutAction.RESUME, RolloutAction.PROMOTE, RolloutAction.ABORT, RolloutAction.ROLLBACK),
                new RolloutModel(rollout(RolloutState.PAUSED, 0, 5, List.of(), List.of())).actions());
        assertEquals(Set.of(RolloutAction.ABORT, RolloutAction.ROLLBACK),
                new RolloutModel(rollout(RolloutState.PENDING_APPROVAL, 0, 0, List.of(), List.of())).actions());
        assertEquals(Set.of(RolloutAction.ROLLBACK),
                new RolloutModel(rollout(RolloutState.PROMOTED, 2, 100, List.of(), List.of())).actions());
        assertEquals(Set.of(), new RolloutModel(rollout(RolloutState.ABORTED, 0, 0, List.of(), List.of())).actions());
    }

    @Test
    void anOverviewRowShowsTheRolloutAndWhatHurtsTheHealthScore() {
        Deployment d = new Deployment("churn", null, "default", target(1), target(2), new Routing(Strategy.CANARY, 25, 0, null),
                null, "r-1", null, null, "bob", T0, T0, 3);
        Health h = new Health("churn", 72, T0, List.of(new Health.Component("error_rate", 0.03, 0.05, 40, "3 %"),
                new Health.Component("latency_p99", 90.0, 200.0, 100, "ok")));
        OverviewModel.Row row = OverviewModel.row(d, rollout(RolloutState.PROGRESSING, 2, 25, List.of(), List.of()), h);
        assertEquals("models/churn/1", row.stable());
        assertEquals("models/churn/2", row.candidate());
        assertEquals("canary", row.strategy());
        assertEquals("step 2 of 3", row.step());
        assertEquals(25, row.weight());
        assertEquals(72, row.health());
        assertEquals("error_rate 40", row.healthDetail());
        assertEquals("r-1", row.rollout());
        Deployment calm = new Deployment("calm", null, "default", target(1), null, Routing.STABLE_ONLY, null, null, null, null,
                "bob", T0, T0, 1);
        OverviewModel.Row quiet = OverviewModel.row(calm, null, new Health("calm", 100, T0, List.of()));
        assertNull(quiet.rollout());
        assertEquals("all components healthy", quiet.healthDetail());
    }

    @Test
    void aSpecDiffShowsWhatChangesAgainstProduction() {
        var before = new org.aegisml.api.registry.PromptVersionSpec("greets", "Hello {{name}}.\nBe brief.", List.of("name"),
                "llama3", Map.of("temperature", 0.2), null);
        var after = new org.aegisml.api.registry.PromptVersionSpec("greets", "Hello {{name}}!\nBe brief.", List.of("name"),
                "llama3", Map.of("temperature", 0.7), null);
        List<SpecDiff.Line> d = SpecDiff.diff(SpecDiff.lines(before), SpecDiff.lines(after));
        assertEquals(List.of(new SpecDiff.Line(SpecDiff.Kind.REMOVED, "parameters.temperature: 0.2"),
                new SpecDiff.Line(SpecDiff.Kind.ADDED, "parameters.temperature: 0.7"),
                new SpecDiff.Line(SpecDiff.Kind.REMOVED, "  Hello {{name}}."),
                new SpecDiff.Line(SpecDiff.Kind.ADDED, "  Hello {{name}}!")),
                d.stream().filter(l -> l.kind() != SpecDiff.Kind.SAME).toList());
        assertTrue(d.contains(new SpecDiff.Line(SpecDiff.Kind.SAME, "  Be brief.")));
        assertEquals(new org.aegisml.api.registry.VersionRef(AssetType.PROMPT, "greet", 3), SpecDiff.parse("prompts/greet/3"));
        assertNull(SpecDiff.parse("prompts/greet"));
        assertEquals(new org.aegisml.api.registry.VersionRef(AssetType.MODEL, "churn", 2), SpecDiff.parse(" models/churn/2 "));
        assertNull(SpecDiff.parse("models/ /2"), "a blank name is no version");
        assertNull(SpecDiff.parse("models/churn/0"), "versions start at 1");
        assertNull(SpecDiff.parse("model/churn/2"), "only the collection names, as the server writes them");
        assertNull(SpecDiff.parse("models/churn/two"));
        assertNull(SpecDiff.parse(42));
        assertEquals(SpecDiff.lines(after).size(), SpecDiff.diff(List.of(), SpecDiff.lines(after)).size());
    }
}
