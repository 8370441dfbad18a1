package org.aegisml.policy.internal;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.aegisml.api.policy.DecisionPoint;
import org.aegisml.api.policy.Effect;
import org.aegisml.api.policy.Policy;
import org.apache.commons.jexl3.JexlScript;

/** A policy ready to decide: its rules' expressions compiled, its reason templates split, its redactions resolved. */
record Compiled(Policy policy, Set<DecisionPoint> points, List<Rule> rules, Set<String> variables) {
    /** One rule; {@code reason} parts alternate literal text and a variable path to fill in. */
    record Rule(String name, String source, JexlScript when, Effect effect, List<Object> reason, int approvers,
            List<Redactor> redact) {
    }

    /** A built-in detector or a pattern, and what replaces each match. */
    record Redactor(Detectors.Detector detector, Pattern pattern, String replacement) {
        String apply(String text) {
            if (text == null) return null;
            if (detector != null) return detector.redact(text, replacement);
            return pattern.matcher(text).replaceAll(java.util.regex.Matcher.quoteReplacement(replacement));
        }
    }
}
