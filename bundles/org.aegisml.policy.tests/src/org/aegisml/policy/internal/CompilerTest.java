package org.aegisml.policy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.aegisml.api.ValidationException;
import org.aegisml.api.policy.DecisionPoint;
import org.aegisml.api.policy.Effect;
import org.aegisml.api.policy.Policy;
import org.aegisml.api.policy.PolicyDocument;
import org.junit.jupiter.api.Test;

/** Parsing and compiling policy documents: what is accepted, and every way a document is refused. */
class CompilerTest {
    private final Compiler compiler = new Compiler();

    private Compiled compile(String name, String yaml) {
        PolicyDocument d = compiler.parse(name, "yaml", yaml);
        return compiler.compile(new Policy(name, 1, true, "yaml", yaml, d, Instant.now(), "t"), Set.of("evaluation"));
    }

    private ValidationException refused(String yaml) {
        return assertThrows(ValidationException.class, () -> compile("p", yaml));
    }

    @Test
    void theShippedExamplesCompile() {
        for (String f : List.of("production-promotion.yaml", "block-credit-cards.yaml", "injection-guard.yaml",
                "injection-rollback.yaml")) {
            String name = f.substring(0, f.length() - 5);
            Compiled c = compile(name, Fixtures.example(f));
            assertFalse(c.rules().isEmpty(), f);
        }
        Compiled p = compile("production-promotion", Fixtures.example("production-promotion.yaml"));
        assertEquals(Set.of(DecisionPoint.PROMOTION), p.points());
        assertEquals(Effect.DENY, p.rules().get(0).effect());
        assertEquals(1, p.rules().get(1).approvers());
        assertTrue(p.variables().containsAll(Set.of("to", "evaluation", "version")), p.variables().toString());
    }

    @Test
    void jsonDocumentsParseToo() {
        PolicyDocument d = compiler.parse("j", "json", "{\"points\":[\"gateway_request\"],\"rules\":[{\"name\":\"r\","
                + "\"when\":\"injection.score > 0.5\",\"effect\":\"deny\",\"reason\":\"no\"}]}");
        assertEquals(List.of(DecisionPoint.GATEWAY_REQUEST), d.points());
        assertEquals(Effect.DENY, d.rules().get(0).effect());
    }

    @Test
    void malformedDocumentsNameWhatIsWrong() {
        assertEquals("source", refused("points: [promotion\nrules: x").field());
        assertEquals("points", refused("rules: [{name: a, when: 'true', effect: deny}]").field());
        assertEquals("points[0]", refused("points: [promotoin]\nrules: [{name: a, when: 'true', effect: deny}]").field());
        assertEquals("rules", refused("points: [promotion]\nrules: []").field());
        assertEquals("rules[0].effect", refused("points: [promotion]\nrules: [{name: a, when: 'true', effect: maybe}]").field());
        assertEquals("rules[1].name", refused("points: [promotion]\nrules: [{name: a, when: 'true', effect: deny},"
                + " {name: a, when: 'true', effect: flag}]").field());
        assertEquals("rules[0].colour", refused("points: [promotion]\nrules: [{name: a, when: 'true', effect: deny, colour: red}]").field());
        assertEquals("name", assertThrows(ValidationException.class,
                () -> compiler.parse("p", "yaml", "name: other\npoints: [promotion]\nrules: [{name: a, when: 'true', effect: deny}]"))
                .field());
    }

    @Test
    void expressionsThatDoNotCompileAreRefused() {
        ValidationException e = refused("points: [promotion]\nrules: [{name: a, when: 'to == ', effect: deny}]");
        assertEquals("rules[0].when", e.field());
        assertTrue(e.getMessage().contains("does not compile"), e.getMessage());
    }

    @Test
    void unknownVariablesAreRefusedWithWhatIsKnown() {
        ValidationException e = refused("points: [promotion]\nrules: [{name: a, when: \"versoin.ref == 'x'\", effect: deny}]");
        assertEquals("rules[0].when", e.field());
        assertTrue(e.getMessage().contains("unknown variable 'versoin'") && e.getMessage().contains("version"), e.getMessage());
        ValidationException nested = refused("points: [promotion]\nrules: [{name: a, when: \"version.colour == 'x'\", effect: deny}]");
        assertTrue(nested.getMessage().contains("'version.colour'"), nested.getMessage());
        // A variable of another point: output exists at gateway_response, not at gateway_request.
        assertEquals("rules[0].when", refused("points: [gateway_request]\nrules: [{name: a, when: \"str:contains(output, 'x')\","
                + " effect: deny}]").field());
        assertEquals("rules[0].reason", refused("points: [promotion]\nrules: [{name: a, when: 'true', effect: deny,"
                + " reason: 'bad ${nope.x}'}]").field());
        // Open maps take any key.
        compile("p", "points: [promotion]\nrules: [{name: a, when: \"asset.tags.team == 'risk'\", effect: deny}]");
    }

    @Test
    void theLanguageCannotReachIntoJava() {
        // Method calls, object creation, assignments and loops are not part of it.
        assertEquals("rules[0].when", refused("points: [gateway_response]\nrules: [{name: a, when: 'output.length() > 3', effect: deny}]").field());
        assertEquals("rules[0].when", refused("points: [gateway_response]\nrules: [{name: a, when: \"new('java.io.File', '/') != null\", effect: deny}]").field());
        assertEquals("rules[0].when", refused("points: [gateway_response]\nrules: [{name: a, when: 'output = 1', effect: deny}]").field());
        assertEquals("rules[0].when", refused("points: [gateway_response]\nrules: [{name: a, when: 'while (true) {}', effect: deny}]").field());
    }

    @Test
    void effectsMustFitTheirPoints() {
        assertEquals("rules[0].effect", refused("points: [gateway_request]\nrules: [{name: a, when: 'true', effect: require_approval}]").field());
        assertEquals("rules[0].effect", refused("points: [promotion]\nrules: [{name: a, when: 'true', effect: redact,"
                + " redact: [credit_card]}]").field());
        assertEquals("rules[0].redact", refused("points: [gateway_response]\nrules: [{name: a, when: 'true', effect: redact}]").field());
        assertEquals("rules[0].redact[0].detector", refused("points: [gateway_response]\nrules: [{name: a, when: 'true',"
                + " effect: redact, redact: [{detector: dna}]}]").field());
        assertEquals("rules[0].redact[0].pattern", refused("points: [gateway_response]\nrules: [{name: a, when: 'true',"
                + " effect: redact, redact: [{pattern: '(unclosed'}]}]").field());
        assertEquals("rules[0].approvers", refused("points: [promotion]\nrules: [{name: a, when: 'true', effect: require_approval,"
                + " approvers: 0}]").field());
    }

    @Test
    void cardNumbersAreFoundByTheirChecksum() {
        Detectors.Detector cards = Detectors.ALL.get("credit_card");
        assertEquals(1, cards.count("pay with 4111 1111 1111 1111 today"));
        assertEquals(1, cards.count("pay with 4111-1111-1111-1111 today"));
        assertEquals(1, cards.count("5500005555555559"));
        assertEquals(0, cards.count("order 4111 1111 1111 1112"), "fails the Luhn check");
        assertEquals(0, cards.count("call 123456789012"), "too short");
        assertEquals("card [X] and order 4111111111111112", cards.redact("card 4111111111111111 and order 4111111111111112", "[X]"));
        assertTrue(Detectors.ALL.get("iban").count("IBAN DE89 3704 0044 0532 0130 00") == 1);
        assertEquals(0, Detectors.ALL.get("iban").count("DE89 3704 0044 0532 0130 01"));
        assertEquals(1, Detectors.ALL.get("email").count("mail ada@example.org now"));
        assertEquals(1, Detectors.ALL.get("us_ssn").count("ssn 123-45-6789"));
    }
}
