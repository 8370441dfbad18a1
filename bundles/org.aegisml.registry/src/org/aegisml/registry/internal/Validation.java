package org.aegisml.registry.internal;

import java.util.Map;
import java.util.regex.Pattern;

import org.aegisml.api.ValidationException;
import org.aegisml.api.registry.FeatureSpec;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.PromptVersionSpec;

/** Input rules shared by every registry write. */
final class Validation {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,99}");
    static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
    static final java.util.Set<String> FEATURE_TYPES = java.util.Set.of("number", "integer", "string", "boolean",
            "array", "object");
    /** Resolved on the fly, never stored: always the newest version. */
    static final String LATEST = "latest";

    private Validation() {
    }

    static String name(String field, String value) {
        if (value == null || value.isBlank()) throw new ValidationException(field, field + " is required");
        if (!NAME.matcher(value).matches()) {
            throw new ValidationException(field, field + " must be 1-200 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        return value;
    }

    static String alias(String value) {
        if (value == null || !ALIAS.matcher(value).matches()) {
            throw new ValidationException("alias", "alias must be 1-100 lowercase letters, digits, '_' or '-', "
                    + "starting with a letter");
        }
        if (LATEST.equals(value)) throw new ValidationException("alias", "'latest' is reserved: it always means the newest version");
        return value;
    }

    static String text(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new ValidationException(field, field + " is longer than " + max + " characters");
        }
        return value;
    }

    static void tags(String field, Map<String, String> tags) {
        if (tags.size() > 100) throw new ValidationException(field, "at most 100 tags");
        int total = 0;
        for (var e : tags.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getKey().length() > 200 || e.getKey().contains("=")) {
                throw new ValidationException(field, "tag keys must be 1-200 characters without '='");
            }
            if (e.getValue() == null || e.getValue().length() > 1000) {
                throw new ValidationException(field, "tag '" + e.getKey() + "' needs a value of at most 1000 characters");
            }
            total += e.getKey().length() + e.getValue().length() + 6;
            if (total > 60_000) throw new ValidationException(field, "the tags together exceed 60,000 characters");
        }
    }

    static void model(ModelVersionSpec s) {
        text("description", s.description(), 4000);
        text("framework", s.framework(), 100);
        text("format", s.format(), 100);
        tags("tags", s.tags());
        for (var m : s.metrics().entrySet()) {
            if (m.getValue() == null || m.getValue().isNaN() || m.getValue().isInfinite()) {
                throw new ValidationException("metrics", "metric '" + m.getKey() + "' must be a finite number");
            }
        }
        signature("signature", s.signature());
    }

    static void signature(String field, java.util.List<FeatureSpec> features) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (FeatureSpec f : features) {
            if (f == null || f.name() == null || f.name().isBlank()) {
                throw new ValidationException(field, "every feature needs a name");
            }
            if (!seen.add(f.name())) throw new ValidationException(field, "feature '" + f.name() + "' appears twice");
            if (f.type() == null || !FEATURE_TYPES.contains(f.type())) {
                throw new ValidationException(field, "feature '" + f.name() + "' has type " + f.type()
                        + "; expected one of " + new java.util.TreeSet<>(FEATURE_TYPES));
            }
        }
    }

    /**
     * A prompt's variables must be exactly the placeholders of its template; when the client
     * lists none they are taken from the template.
     */
    static PromptVersionSpec prompt(PromptVersionSpec s) {
        if (s.template() == null || s.template().isBlank()) {
            throw new ValidationException("template", "template is required");
        }
        text("template", s.template(), 200_000);
        text("description", s.description(), 4000);
        text("commit_message", s.commitMessage(), 4000);
        text("target_model", s.targetModel(), 300);
        java.util.LinkedHashSet<String> placeholders = new java.util.LinkedHashSet<>();
        var m = PLACEHOLDER.matcher(s.template());
        while (m.find()) placeholders.add(m.group(1));
        if (s.variables().isEmpty()) {
            return new PromptVersionSpec(s.description(), s.template(), java.util.List.copyOf(placeholders),
                    s.targetModel(), s.parameters(), s.commitMessage());
        }
        for (String v : s.variables()) {
            if (v == null || !VARIABLE.matcher(v).matches()) {
                throw new ValidationException("variables", "variable names must be identifiers, got " + v);
            }
        }
        if (!new java.util.HashSet<>(s.variables()).equals(placeholders)) {
            throw new ValidationException("variables", "variables " + s.variables()
                    + " do not match the template's placeholders " + placeholders);
        }
        return s;
    }
}
