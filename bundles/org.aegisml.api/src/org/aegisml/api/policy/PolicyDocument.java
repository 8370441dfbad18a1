package org.aegisml.api.policy;

import java.util.List;

/** A policy as written: the decision points it applies to and its rules, in order. */
public record PolicyDocument(String name, String description, List<DecisionPoint> points, List<PolicyRuleSpec> rules) {
    public PolicyDocument {
        points = points == null ? List.of() : List.copyOf(points);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }
}
