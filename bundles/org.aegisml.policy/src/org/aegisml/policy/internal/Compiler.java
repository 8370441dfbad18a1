package org.aegisml.policy.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.aegisml.api.ValidationException;
import org.aegisml.api.policy.DecisionPoint;
import org.aegisml.api.policy.Effect;
import org.aegisml.api.policy.Policy;
import org.aegisml.api.policy.PolicyDocument;
import org.aegisml.api.policy.PolicyRuleSpec;
import org.aegisml.api.policy.Redaction;
import org.aegisml.policy.internal.fn.Pii;
import org.aegisml.policy.internal.fn.Re;
import org.aegisml.policy.internal.fn.Str;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlFeatures;
import org.apache.commons.jexl3.JexlScript;
import org.apache.commons.jexl3.introspection.JexlPermissions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Parses policy documents (YAML or JSON) and compiles their rules with Apache Commons JEXL.
 * The language is JEXL's expressions without side effects, loops, object creation, lambdas or
 * method calls on values: a rule reads the context and calls the {@code pii:}, {@code re:} and
 * {@code str:} functions, nothing else, so a policy can never reach into the server. Every
 * variable a rule reads is checked against what its decision points provide.
 */
final class Compiler {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final Pattern TEMPLATE = Pattern.compile("\\$\\{\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*)\\s*}");

    private final JexlEngine jexl;

    Compiler() {
        JexlFeatures features = new JexlFeatures().sideEffect(false).sideEffectGlobal(false).loops(false)
                .newInstance(false).lambda(false).methodCall(false).pragma(false).annotation(false).script(false)
                .register(false).localVar(false).importPragma(false).namespacePragma(false).structuredLiteral(true);
        this.jexl = new JexlBuilder().features(features)
                .permissions(JexlPermissions.RESTRICTED.compose("org.aegisml.policy.internal.fn.*"))
                .namespaces(Map.of("pii", Pii.class, "re", Re.class, "str", Str.class)).strict(true).safe(false)
                .silent(false).cache(512).create();
    }

    /** The document in {@code source}, validated; {@code name} is the policy's name in the API. */
    PolicyDocument parse(String name, String format, String source) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ValidationException("name", "a policy name is 1 to 100 of a-z, 0-9, '.', '_', '-', starting with a letter or digit");
        }
        if (source == null || source.isBlank()) throw new ValidationException("source", "the policy document is empty");
        String f = format(format);
        JsonNode root;
        try {
            root = (f.equals("json") ? JSON : YAML).readTree(source);
        } catch (JsonProcessingException e) {
            throw new ValidationException("source", "not valid " + f.toUpperCase(Locale.ROOT) + ": " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) throw new ValidationException("source", "a policy is an object with points and rules");
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!Set.of("name", "description", "points", "rules").contains(k)) {
                throw new ValidationException(k, "unknown field '" + k + "' (a policy has name, description, points, rules)");
            }
        }
        if (root.hasNonNull("name") && !root.get("name").asText().equals(name)) {
            throw new ValidationException("name", "the document is named '" + root.get("name").asText()
                    + "' but is saved as '" + name + "'");
        }
        List<DecisionPoint> points = new ArrayList<>();
        JsonNode ps = root.get("points");
        if (ps == null || !ps.isArray() || ps.isEmpty()) {
            throw new ValidationException("points", "list the decision points the policy applies to: "
                    + String.join(", ", wires()));
        }
        for (int i = 0; i < ps.size(); i++) {
            DecisionPoint p = DecisionPoint.parse(ps.get(i).asText());
            if (p == null) throw new ValidationException("points[" + i + "]", "unknown decision point '" + ps.get(i).asText()
                    + "' (known: " + String.join(", ", wires()) + ")");
            if (!points.contains(p)) points.add(p);
        }
        JsonNode rs = root.get("rules");
        if (rs == null || !rs.isArray() || rs.isEmpty()) throw new ValidationException("rules", "a policy needs at least one rule");
        List<PolicyRuleSpec> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rs.size(); i++) {
            rules.add(rule("rules[" + i + "]", rs.get(i), names, points));
        }
        return new PolicyDocument(name, text(root, "description"), points, rules);
    }

    private PolicyRuleSpec rule(String f, JsonNode r, Set<String> names, List<DecisionPoint> points) {
        if (!r.isObject()) throw new ValidationException(f, "a rule is an object with name, when, effect, reason");
        for (Iterator<String> it = r.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!Set.of("name", "when", "effect", "reason", "approvers", "redact").contains(k)) {
                throw new ValidationException(f + "." + k, "unknown field '" + k
                        + "' (a rule has name, when, effect, reason, approvers, redact)");
            }
        }
        String name = text(r, "name");
        if (name == null || name.isBlank()) throw new ValidationException(f + ".name", "every rule needs a name");
        if (!names.add(name)) throw new ValidationException(f + ".name", "two rules are named '" + name + "'");
        String when = text(r, "when");
        if (when == null || when.isBlank()) throw new ValidationException(f + ".when", "every rule needs a 'when' expression");
        Effect effect = Effect.parse(text(r, "effect"));
        if (effect == null) {
            throw new ValidationException(f + ".effect", "effect must be one of allow, flag, redact, require_approval, deny");
        }
        Integer approvers = null;
        if (r.has("approvers")) {
            if (effect != Effect.REQUIRE_APPROVAL) throw new ValidationException(f + ".approvers", "approvers belongs to require_approval rules");
            if (!r.get("approvers").canConvertToInt() || r.get("approvers").asInt() < 1 || r.get("approvers").asInt() > 10) {
                throw new ValidationException(f + ".approvers", "approvers must be a whole number from 1 to 10");
            }
            approvers = r.get("approvers").asInt();
        }
        if (effect == Effect.REQUIRE_APPROVAL && approvers == null) approvers = 1;
        if (effect == Effect.REQUIRE_APPROVAL && !points.stream().allMatch(p -> p == DecisionPoint.PROMOTION || p == DecisionPoint.ROLLOUT_START)) {
            throw new ValidationException(f + ".effect", "require_approval applies at promotion and rollout_start only");
        }
        List<Redaction> redact = new ArrayList<>();
        JsonNode rd = r.get("redact");
        if (effect == Effect.REDACT) {
            if (!points.stream().allMatch(DecisionPoint::live)) {
                throw new ValidationException(f + ".effect", "redact applies at gateway_request and gateway_response only");
            }
            if (rd == null || !rd.isArray() || rd.isEmpty()) {
                throw new ValidationException(f + ".redact", "a redact rule lists what to remove: [{detector: credit_card}] or [{pattern: '...'}]");
            }
            for (int j = 0; j < rd.size(); j++) {
                String g = f + ".redact[" + j + "]";
                JsonNode x = rd.get(j);
                if (x.isTextual()) x = JSON.createObjectNode().put("detector", x.asText());
                String detector = text(x, "detector");
                String pattern = text(x, "pattern");
                if ((detector == null) == (pattern == null)) throw new ValidationException(g, "give a detector or a pattern");
                if (detector != null && !Detectors.ALL.containsKey(detector)) {
                    throw new ValidationException(g + ".detector", "unknown detector '" + detector + "' (known: "
                            + String.join(", ", Texts.detectors()) + ")");
                }
                if (pattern != null) {
                    try {
                        Pattern.compile(pattern);
                    } catch (PatternSyntaxException e) {
                        throw new ValidationException(g + ".pattern", "bad regular expression: " + e.getDescription());
                    }
                }
                redact.add(new Redaction(detector, pattern, text(x, "replacement")));
            }
        } else if (rd != null) {
            throw new ValidationException(f + ".redact", "redact belongs to rules whose effect is redact");
        }
        String reason = text(r, "reason");
        return new PolicyRuleSpec(name, when, effect, reason == null ? "rule " + name + " matched" : reason, approvers, redact);
    }

    /**
     * Compiles every rule of a parsed document; {@code extra}: variables context providers add,
     * or null not to check variables (a saved policy was checked when it was saved).
     */
    Compiled compile(Policy policy, Set<String> extra) {
        PolicyDocument d = policy.document();
        List<Compiled.Rule> rules = new ArrayList<>();
        Set<String> variables = new LinkedHashSet<>();
        for (int i = 0; i < d.rules().size(); i++) {
            PolicyRuleSpec r = d.rules().get(i);
            String f = "rules[" + i + "]";
            JexlScript when;
            try {
                when = jexl.createScript(r.when());
            } catch (JexlException e) {
                throw new ValidationException(f + ".when", "does not compile: " + message(e));
            }
            for (List<String> path : when.getVariables()) {
                if (extra != null) check(f + ".when", d.points(), path, extra);
                variables.add(path.get(0));
            }
            List<Object> reason = new ArrayList<>();
            Matcher m = TEMPLATE.matcher(r.reason());
            int last = 0;
            while (m.find()) {
                reason.add(r.reason().substring(last, m.start()));
                List<String> path = List.of(m.group(1).split("\\."));
                if (extra != null) check(f + ".reason", d.points(), path, extra);
                variables.add(path.get(0));
                reason.add(path);
                last = m.end();
            }
            reason.add(r.reason().substring(last));
            List<Compiled.Redactor> redactors = new ArrayList<>();
            for (Redaction x : r.redact()) {
                redactors.add(new Compiled.Redactor(x.detector() == null ? null : Detectors.ALL.get(x.detector()),
                        x.pattern() == null ? null : Pattern.compile(x.pattern()), x.replacement()));
            }
            rules.add(new Compiled.Rule(r.name(), r.when(), when, r.effect(), List.copyOf(reason),
                    r.approvers() == null ? 0 : r.approvers(), List.copyOf(redactors)));
        }
        Set<DecisionPoint> points = d.points().isEmpty() ? Set.of() : EnumSet.copyOf(d.points());
        return new Compiled(policy, points, List.copyOf(rules), Set.copyOf(variables));
    }

    private static void check(String field, List<DecisionPoint> points, List<String> path, Set<String> extra) {
        for (DecisionPoint p : points) {
            String why = Schema.check(p, path, extra);
            if (why != null) throw new ValidationException(field, why);
        }
    }

    static String format(String format) {
        String f = format == null ? "yaml" : format.strip().toLowerCase(Locale.ROOT);
        if (f.equals("yml")) f = "yaml";
        if (!f.equals("yaml") && !f.equals("json")) throw new ValidationException("format", "format must be yaml or json");
        return f;
    }

    private static String message(JexlException e) {
        String m = e.getMessage();
        // JEXL prefixes its own source location (class and method); keep what names the problem.
        int i = m == null ? -1 : m.indexOf(' ');
        return m == null ? e.getClass().getSimpleName() : i > 0 && m.substring(0, i).contains("@") ? m.substring(i + 1) : m;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> wires() {
        List<String> out = new ArrayList<>();
        for (DecisionPoint p : DecisionPoint.values()) out.add(p.wire());
        return out;
    }
}
