package org.aegisml.console.views.internal.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.deployment.AnalysisRun;
import org.aegisml.api.deployment.Measurement;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutAction;
import org.aegisml.api.deployment.RolloutEvent;
import org.aegisml.api.deployment.RolloutState;
import org.aegisml.api.deployment.Step;
import org.aegisml.api.deployment.Verdict;

/**
 * What the Rollouts view draws for one rollout, computed without a screen: the timeline of
 * steps, the candidate's traffic weight over time, each analysis metric for candidate and
 * stable with its limit, and which actions the rollout's state allows.
 */
public final class RolloutModel {
    public enum StepStatus { DONE, CURRENT, PENDING, NOT_REACHED }

    public record StepView(int index, int weight, String duration, StepStatus status) {
    }

    public record Point(Instant at, double value) {
    }

    /** One analysis rule over time: the candidate's and the stable's value at each analysis, and the limit. */
    public record MetricSeries(String rule, String metric, List<Point> candidate, List<Point> stable, Double limit,
            List<Verdict> verdicts) {
    }

    private final Rollout rollout;

    public RolloutModel(Rollout rollout) {
        this.rollout = rollout;
    }

    public Rollout rollout() {
        return rollout;
    }

    /** Steps are numbered from 1 on the server ({@link Rollout#step()}; 0 before the first, while awaiting approval). */
    public List<StepView> timeline() {
        List<Step> steps = rollout.spec() == null ? List.of() : rollout.spec().steps();
        List<StepView> out = new ArrayList<>();
        RolloutState s = rollout.state();
        int current = rollout.step() - 1;
        for (int i = 0; i < steps.size(); i++) {
            StepStatus st;
            if (s == RolloutState.PROMOTED || i < current) st = StepStatus.DONE;
            else if (i == current && !s.terminal()) st = StepStatus.CURRENT;
            else if (s.terminal()) st = StepStatus.NOT_REACHED;
            else st = StepStatus.PENDING;
            Step step = steps.get(i);
            out.add(new StepView(i, step.weight(), step.duration() == null ? "analysis" : human(step.duration()), st));
        }
        return out;
    }

    private static String human(java.time.Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0 && s >= 3600) return s / 3600 + " h";
        if (s % 60 == 0 && s >= 60) return s / 60 + " min";
        return s + " s";
    }

    /**
     * The candidate's weight as a step function: one point per recorded change, and the
     * current weight now (or at the end) so that the last segment is drawn to the present.
     */
    public List<Point> weights(Instant now) {
        List<Point> out = new ArrayList<>();
        List<RolloutEvent> events = new ArrayList<>(rollout.history());
        events.sort(Comparator.comparing(RolloutEvent::at));
        if (events.isEmpty() || events.getFirst().at().isAfter(rollout.createdAt())) out.add(new Point(rollout.createdAt(), 0));
        for (RolloutEvent e : events) {
            if (!out.isEmpty() && out.getLast().value() == e.candidateWeight()) continue;
            out.add(new Point(e.at(), e.candidateWeight()));
        }
        Instant end = rollout.endedAt() != null ? rollout.endedAt() : now;
        if (out.isEmpty() || out.getLast().at().isBefore(end)) out.add(new Point(end, rollout.candidateWeight()));
        return out;
    }

    /** Each rule's values at every analysis, oldest first. */
    public List<MetricSeries> metrics() {
        record Acc(String metric, List<Point> candidate, List<Point> stable, Double[] limit, List<Verdict> verdicts) {
        }
        Map<String, Acc> by = new LinkedHashMap<>();
        List<AnalysisRun> runs = new ArrayList<>(rollout.analyses());
        runs.sort(Comparator.comparing(AnalysisRun::to));
        for (AnalysisRun run : runs) {
            for (Measurement m : run.measurements()) {
                Acc a = by.computeIfAbsent(m.rule(), k -> new Acc(m.metric(), new ArrayList<>(), new ArrayList<>(),
                        new Double[1], new ArrayList<>()));
                if (m.candidate() != null) a.candidate().add(new Point(run.to(), m.candidate()));
                if (m.stable() != null) a.stable().add(new Point(run.to(), m.stable()));
                if (m.limit() != null) a.limit()[0] = m.limit();
                a.verdicts().add(m.verdict());
            }
        }
        List<MetricSeries> out = new ArrayList<>();
        by.forEach((rule, a) -> out.add(new MetricSeries(rule, a.metric(), List.copyOf(a.candidate()),
                List.copyOf(a.stable()), a.limit()[0], List.copyOf(a.verdicts()))));
        return out;
    }

    /**
     * The actions the server accepts in the rollout's state (it still checks, for example that
     * a promoted rollout is within its rollback window).
     */
    public Set<RolloutAction> actions() {
        RolloutState s = rollout.state();
        Set<RolloutAction> out = EnumSet.noneOf(RolloutAction.class);
        if (s == RolloutState.PROGRESSING) out.add(RolloutAction.PAUSE);
        if (s == RolloutState.PAUSED) out.add(RolloutAction.RESUME);
        if (s == RolloutState.PROGRESSING || s == RolloutState.PAUSED) out.add(RolloutAction.PROMOTE);
        if (!s.terminal()) {
            out.add(RolloutAction.ABORT);
            out.add(RolloutAction.ROLLBACK);
        }
        if (s == RolloutState.PROMOTED) out.add(RolloutAction.ROLLBACK);
        return out;
    }

    /** "step 2 of 4" style position, or the final state. */
    public String position() {
        int n = rollout.spec() == null ? 0 : rollout.spec().steps().size();
        if (rollout.state().terminal()) return Format.words(rollout.state());
        if (rollout.step() == 0) return Format.words(rollout.state()) + ", before step 1 of " + n;
        return "step " + rollout.step() + " of " + Math.max(n, rollout.step());
    }
}
