package org.aegisml.alerting.internal;

import static org.aegisml.alerting.internal.Fixtures.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.aegisml.api.alerting.AlertRule;
import org.aegisml.api.alerting.AlertScope;
import org.aegisml.api.alerting.Alerts;
import org.aegisml.api.alerting.Condition;
import org.aegisml.api.alerting.DestinationSpec;
import org.aegisml.api.alerting.EvaluationReport;
import org.aegisml.api.alerting.RuleSpec;
import org.aegisml.api.alerting.Severity;
import org.aegisml.api.monitoring.Metric;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.Test;

/**
 * How long one evaluation pass takes over 1,000 rules. Not part of the normal build (the name
 * does not end in Test); run it with {@code -Dtest=EvaluationBenchmark}, see BENCHMARKS.md.
 * Half the rules breach (each pass rewrites their episode under its row lock), half do not
 * (each pass only reads their metric); the first pass also opens 500 episodes and delivers 500
 * webhook notifications to a local HTTP server.
 */
class EvaluationBenchmark {
    static final int RULES = Integer.getInteger("aegisml.bench.rules", 1000);
    static final int MODELS = 10;

    @Test
    void oneThousandRules() throws Exception {
        Fixtures.runtime();
        Alerts alerts = Fixtures.alerts();
        Fixtures.Recorder http = Fixtures.recorder();
        Instant t0 = Fixtures.base();
        List<String> models = new ArrayList<>();
        for (int i = 0; i < MODELS; i++) {
            String m = Fixtures.model();
            models.add(m);
            Fixtures.traffic(m, t0.plusSeconds(10), 20, 80);
        }
        alerts.createDestination(new DestinationSpec("bench-" + models.get(0), "webhook",
                Map.of("url", http.url("/bench/" + models.get(0)))), OPERATOR);
        long c0 = System.nanoTime();
        List<AlertRule> rules = new ArrayList<>();
        for (int i = 0; i < RULES; i++) {
            boolean breach = i % 2 == 0;
            rules.add(alerts.createRule(new RuleSpec("bench-" + models.get(0) + "-" + i, Metric.ERROR_RATE, Condition.GT,
                    breach ? 0.1 : 0.5, Duration.ofMinutes(5), Severity.WARNING,
                    new AlertScope(models.get(i % MODELS), null, null, null), Duration.ZERO,
                    breach ? List.of("bench-" + models.get(0)) : List.of(), true), OPERATOR));
        }
        long createMs = (System.nanoTime() - c0) / 1_000_000;
        List<Long> steady = new ArrayList<>();
        long firstMs = 0;
        for (int pass = 0; pass < 6; pass++) {
            long t = System.nanoTime();
            EvaluationReport r = alerts.evaluate(t0.plus(Duration.ofMinutes(1)).plusSeconds(pass * 15L));
            long ms = (System.nanoTime() - t) / 1_000_000;
            if (pass == 0) {
                assertEquals(RULES / 2, r.fired());
                assertEquals(RULES / 2, r.delivered());
                firstMs = ms;
            } else {
                assertEquals(0, r.fired() + r.renotified() + r.resolved());
                steady.add(ms);
            }
        }
        Collections.sort(steady);
        String line = String.format(Locale.ROOT, "alert evaluation on %s: %d rules over %d models; create %d ms; "
                + "first pass (opens %d episodes, %d webhook deliveries) %d ms; steady pass median %d ms (min %d, max %d)",
                TestRuntime.postgres() ? "postgresql" : "h2", RULES, MODELS, createMs, RULES / 2, RULES / 2, firstMs,
                steady.get(steady.size() / 2), steady.get(0), steady.get(steady.size() - 1));
        System.out.println(line);
        System.err.println(line);
        for (AlertRule rule : rules) alerts.deleteRule(rule.id(), OPERATOR);
    }
}
