package org.aegisml.policy.internal;

import static org.aegisml.policy.internal.Fixtures.ADMIN;
import static org.aegisml.policy.internal.Fixtures.OPERATOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.aegisml.api.ForbiddenException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.audit.AuditEntry;
import org.aegisml.api.policy.Decision;
import org.aegisml.api.policy.DecisionPoint;
import org.aegisml.api.policy.Effect;
import org.aegisml.api.policy.Policy;
import org.aegisml.api.policy.PolicyContextProvider;
import org.aegisml.api.policy.PolicyRule;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;

/** Saving, versioning, switching and evaluating policies, and what the audit log keeps of each decision. */
class PolicyEngineTest {

    @BeforeAll
    static void runtime() throws Exception {
        Fixtures.runtime();
    }

    private static Map<String, Object> response(String endpoint, String output) {
        return Map.of("endpoint", endpoint, "version", "models/x/1", "arm", "stable", "input", "hi", "output", output,
                "status", 200);
    }

    @Test
    void theStrongestEffectWinsAndEveryMatchIsListed() {
        String name = Fixtures.unique("strongest");
        String ep = Fixtures.unique("ep");
        Fixtures.policies().save(name, "yaml", "points: [gateway_response]\nrules:\n"
                + "  - {name: long, when: \"endpoint == '" + ep + "' && str:len(output) > 10\", effect: flag, reason: long answer}\n"
                + "  - {name: cards, when: \"endpoint == '" + ep + "' && pii:has(output, 'credit_card')\", effect: redact,"
                + " redact: [credit_card], reason: 'card in ${endpoint}'}\n"
                + "  - {name: banned, when: \"endpoint == '" + ep + "' && str:any(output, ['forbidden', 'secret plan'])\","
                + " effect: deny, reason: banned words}\n", true, ADMIN);
        try {
            PolicyService engine = Fixtures.engine();
            Decision clean = engine.decide(DecisionPoint.GATEWAY_RESPONSE, response(ep, "short"), OPERATOR);
            assertEquals(Effect.ALLOW, clean.effect());
            assertTrue(clean.matches().isEmpty());

            Decision card = engine.decide(DecisionPoint.GATEWAY_RESPONSE, response(ep, "card 4111 1111 1111 1111 ok"), OPERATOR);
            assertEquals(Effect.REDACT, card.effect());
            assertEquals(List.of("long", "cards"), card.matches().stream().map(m -> m.rule()).toList());
            assertEquals("card in " + ep, card.matches().get(1).reason());
            assertEquals("card [REDACTED] ok", engine.redact(card, "card 4111 1111 1111 1111 ok"));

            Decision banned = engine.decide(DecisionPoint.GATEWAY_RESPONSE,
                    response(ep, "the SECRET PLAN is 4111 1111 1111 1111"), OPERATOR);
            assertEquals(Effect.DENY, banned.effect());
            assertEquals(3, banned.matches().size());
            assertEquals(name + "/banned: banned words", banned.reason());
        } finally {
            Fixtures.policies().delete(name, ADMIN);
        }
    }

    @Test
    void savingAddsVersionsAndOnlyTheLatestEnabledOneDecides() {
        String name = Fixtures.unique("versions");
        String ep = Fixtures.unique("ep");
        Policy v1 = Fixtures.policies().save(name, "yaml", "points: [gateway_request]\nrules:\n"
                + "  - {name: r, when: \"endpoint == '" + ep + "'\", effect: flag}\n", true, ADMIN);
        try {
            assertEquals(1, v1.version());
            Map<String, Object> call = Map.of("endpoint", ep, "input", "hello", "injection", Map.of("score", 0.0));
            assertEquals(Effect.FLAG, Fixtures.engine().decide(DecisionPoint.GATEWAY_REQUEST, call, OPERATOR).effect());
            Policy v2 = Fixtures.policies().save(name, "json", "{\"points\":[\"gateway_request\"],\"rules\":[{\"name\":\"r\","
                    + "\"when\":\"endpoint == '" + ep + "'\",\"effect\":\"deny\"}]}", true, ADMIN);
            assertEquals(2, v2.version());
            assertEquals(Effect.DENY, Fixtures.engine().decide(DecisionPoint.GATEWAY_REQUEST, call, OPERATOR).effect());
            assertEquals(List.of(1, 2), Fixtures.policies().versions(name).stream().map(Policy::version).toList());
            assertEquals("yaml", Fixtures.policies().version(name, 1).orElseThrow().format());

            // A document that does not compile is refused and changes nothing.
            assertThrows(ValidationException.class, () -> Fixtures.policies().save(name, "yaml",
                    "points: [gateway_request]\nrules: [{name: r, when: 'endpoint ==', effect: deny}]", true, ADMIN));
            assertEquals(2, Fixtures.policies().get(name).orElseThrow().version());

            Fixtures.policies().enable(name, false, ADMIN);
            assertEquals(Effect.ALLOW, Fixtures.engine().decide(DecisionPoint.GATEWAY_REQUEST, call, OPERATOR).effect());
            Fixtures.policies().enable(name, true, ADMIN);
            assertEquals(Effect.DENY, Fixtures.engine().decide(DecisionPoint.GATEWAY_REQUEST, call, OPERATOR).effect());

            assertThrows(ForbiddenException.class, () -> Fixtures.policies().save(name, "yaml", "x", true, OPERATOR));
        } finally {
            Fixtures.policies().delete(name, ADMIN);
        }
        assertTrue(Fixtures.policies().get(name).isEmpty());
        List<String> actions = Fixtures.audited(null, 100).stream().filter(e -> e.target().equals("policies/" + name))
                .map(AuditEntry::action).toList();
        assertEquals(List.of("policy.delete", "policy.enable", "policy.disable", "policy.save", "policy.save"), actions);
    }

    @Test
    void aDryRunDecidesWithoutEffect() {
        String name = Fixtures.unique("dry");
        long before = Fixtures.audited("policy.decide", 1).stream().mapToLong(AuditEntry::seq).findFirst().orElse(-1);
        Decision d = Fixtures.policies().dryRun(name, "yaml", "points: [promotion]\nrules:\n"
                + "  - {name: weekend, when: \"to == 'production' && asset.tags.tier == 'critical'\", effect: require_approval,"
                + " approvers: 2, reason: 'critical models need two approvers'}\n",
                DecisionPoint.PROMOTION, Map.of("to", "production", "asset", Map.of("tags", Map.of("tier", "critical"))), OPERATOR);
        assertEquals(Effect.REQUIRE_APPROVAL, d.effect());
        assertEquals(2, d.approvers());
        assertTrue(Fixtures.policies().get(name).isEmpty(), "a dry run saves nothing");
        assertEquals(before, Fixtures.audited("policy.decide", 1).stream().mapToLong(AuditEntry::seq).findFirst().orElse(-1),
                "a dry run audits nothing");
        assertThrows(ValidationException.class, () -> Fixtures.policies().dryRun(name, "yaml",
                "points: [promotion]\nrules: [{name: a, when: 'true', effect: deny}]", DecisionPoint.GATEWAY_REQUEST, Map.of(),
                OPERATOR));
    }

    @Test
    void decisionsAreAuditedWithTheirInputsButNeverTheTexts() {
        String name = Fixtures.unique("audit");
        String ep = Fixtures.unique("ep");
        Fixtures.policies().save(name, "yaml", "points: [gateway_response]\nrules:\n"
                + "  - {name: cards, when: \"endpoint == '" + ep + "' && pii:has(output, 'credit_card')\", effect: redact,"
                + " redact: [credit_card]}\n", true, ADMIN);
        try {
            Fixtures.engine().decide(DecisionPoint.GATEWAY_RESPONSE, response(ep, "card 4111111111111111"), OPERATOR);
            Fixtures.engine().flushAudit();
            com.fasterxml.jackson.databind.JsonNode d = Fixtures.liveDecision(ep);
            assertTrue(d != null, "the live decision is in a policy.decide.live entry");
            String json = d.toString();
            assertEquals("olga", d.path("actor").asText());
            assertEquals("redact", d.path("effect").asText());
            assertEquals("cards", d.at("/matches/0/rule").asText());
            assertEquals(ep, d.at("/inputs/endpoint").asText());
            assertEquals(21, d.at("/inputs/output/length").asInt(), json);
            assertTrue(d.at("/inputs/output/sha256").asText().length() == 64, json);
            assertFalse(Fixtures.audited("policy.decide.live", 50).stream().anyMatch(e -> e.after().contains("4111111111111111")),
                    "the card number must not reach the audit log");
            assertTrue(Fixtures.audit().verify().valid(), "the chain stays intact");
        } finally {
            Fixtures.policies().delete(name, ADMIN);
        }
    }

    @Test
    void theAuditKeepsWhatRulesReadAndLiveDecisionsAreWrittenWithoutAFlush() throws Exception {
        String name = Fixtures.unique("seen");
        String ep = Fixtures.unique("ep");
        ServiceRegistration<PolicyContextProvider> risk = TestRuntime.context().registerService(PolicyContextProvider.class,
                new PolicyContextProvider() {
                    public String variable() {
                        return "risk";
                    }

                    public Set<DecisionPoint> points() {
                        return Set.of(DecisionPoint.PROMOTION, DecisionPoint.GATEWAY_REQUEST);
                    }

                    public Object provide(DecisionPoint point, Map<String, Object> context) {
                        return Map.of("level", "high");
                    }
                }, null);
        try {
            Fixtures.policies().save(name, "yaml", "points: [promotion, gateway_request]\nrules:\n"
                    + "  - {name: r, when: \"risk.level == 'high' && time.hour >= 0 && time.hour < 24\", effect: flag}\n", true, ADMIN);
            String ref = "models/" + ep + "/1";
            Decision p = Fixtures.engine().decide(DecisionPoint.PROMOTION, Map.of("to", "production", "version", Map.of("ref", ref)),
                    OPERATOR);
            assertEquals(Effect.FLAG, p.effect(), p.toString());
            // Control-plane decisions are written before decide returns, with what providers supplied.
            AuditEntry e = Fixtures.audited("policy.decide", 20).stream().filter(x -> x.target().equals("policy/promotion/" + ref))
                    .findFirst().orElseThrow(() -> new AssertionError("the promotion decision is audited"));
            com.fasterxml.jackson.databind.JsonNode after = new com.fasterxml.jackson.databind.ObjectMapper().readTree(e.after());
            assertEquals("high", after.at("/inputs/risk/level").asText(), e.after());
            assertTrue(after.at("/inputs/time/hour").isInt(), e.after());
            assertEquals("production", after.at("/inputs/to").asText(), e.after());

            // A live decision reaches the log on its own once the writer's linger period (500 ms) ends.
            Decision live = Fixtures.engine().decide(DecisionPoint.GATEWAY_REQUEST,
                    Map.of("endpoint", ep, "input", "hi", "injection", Map.of("score", 0.0)), OPERATOR);
            assertEquals(Effect.FLAG, live.effect());
            long deadline = System.nanoTime() + 10_000_000_000L;
            com.fasterxml.jackson.databind.JsonNode d;
            while ((d = Fixtures.liveDecision(ep)) == null && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(d != null, "the live decision is written without a flush");
            assertEquals("high", d.at("/inputs/risk/level").asText(), d.toString());
            assertEquals("flag", d.path("effect").asText());
            assertTrue(Fixtures.audit().verify().valid(), "the chain stays intact");
        } finally {
            Fixtures.policies().delete(name, ADMIN);
            risk.unregister();
        }
    }

    @Test
    void aRuleThatCannotBeEvaluatedFailsClosedAtPromotionAndOpenOnLiveTraffic() {
        String name = Fixtures.unique("broken");
        // A context provider that fails leaves its variable undefined, and reading an undefined variable is an error.
        ServiceRegistration<PolicyContextProvider> flaky = TestRuntime.context().registerService(PolicyContextProvider.class,
                new PolicyContextProvider() {
                    public String variable() {
                        return "flaky";
                    }

                    public Set<DecisionPoint> points() {
                        return Set.of(DecisionPoint.PROMOTION, DecisionPoint.GATEWAY_REQUEST);
                    }

                    public Object provide(DecisionPoint point, Map<String, Object> context) {
                        throw new IllegalStateException("backend down");
                    }
                }, null);
        try {
            Fixtures.policies().save(name, "yaml", "points: [promotion, gateway_request]\nrules:\n"
                    + "  - {name: r, when: 'flaky.ready != true', effect: deny}\n", true, ADMIN);
            Decision promotion = Fixtures.engine().decide(DecisionPoint.PROMOTION, Map.of("to", "production"), OPERATOR);
            assertEquals(Effect.DENY, promotion.effect(), "fails closed: " + promotion);
            assertEquals(1, promotion.errors().size(), promotion.errors().toString());
            assertTrue(promotion.matches().get(0).reason().startsWith("could not evaluate"), promotion.toString());
            Decision live = Fixtures.engine().decide(DecisionPoint.GATEWAY_REQUEST, Map.of("endpoint", "e"), OPERATOR);
            assertEquals(Effect.FLAG, live.effect(), "fails open, flagged: " + live);
        } finally {
            Fixtures.policies().delete(name, ADMIN);
            flaky.unregister();
        }
    }

    @Test
    void ruleServicesDecideBesideTheDocumentsAndAFailingOneIsIsolated() {
        String ep = Fixtures.unique("ep");
        ServiceRegistration<PolicyRule> ok = TestRuntime.context().registerService(PolicyRule.class, new PolicyRule() {
            public String name() {
                return "night-freeze";
            }

            public Set<DecisionPoint> points() {
                return Set.of(DecisionPoint.GATEWAY_REQUEST);
            }

            public Outcome evaluate(DecisionPoint point, Map<String, Object> context) {
                return ep.equals(context.get("endpoint")) ? new Outcome(Effect.DENY, "frozen", 0) : null;
            }
        }, null);
        ServiceRegistration<PolicyRule> bad = TestRuntime.context().registerService(PolicyRule.class, new PolicyRule() {
            public String name() {
                return "throws";
            }

            public Set<DecisionPoint> points() {
                return Set.of(DecisionPoint.GATEWAY_REQUEST);
            }

            public Outcome evaluate(DecisionPoint point, Map<String, Object> context) {
                throw new IllegalStateException("boom");
            }
        }, null);
        try {
            Decision d = Fixtures.engine().decide(DecisionPoint.GATEWAY_REQUEST, Map.of("endpoint", ep), OPERATOR);
            assertEquals(Effect.DENY, d.effect());
            assertTrue(d.errors().stream().anyMatch(x -> x.contains("rule:throws") && x.contains("boom")), d.errors().toString());
            Decision other = Fixtures.engine().decide(DecisionPoint.GATEWAY_REQUEST, Map.of("endpoint", "else"), OPERATOR);
            assertEquals(Effect.FLAG, other.effect(), "the failing rule flags, nothing more");
        } finally {
            ok.unregister();
            bad.unregister();
        }
    }
}
