package org.aegisml.gateway.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.aegisml.api.ValidationException;
import org.aegisml.api.registry.PromptVersionSpec;
import org.aegisml.api.registry.VersionRef;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A prompt version's template split once into literal text and {@code {{variable}}}
 * placeholders (spaces inside the braces allowed), so that rendering is one pass of string
 * appends. A template without placeholders is rendered once, here. {@code parameters} are the
 * version's model parameters as JSON, ready to put into a chat request.
 */
final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*\\}\\}");

    final VersionRef ref;
    private final String[] literals;
    private final String[] variables;
    final Set<String> required;
    final ObjectNode parameters;
    private final String constant;

    Template(VersionRef ref, PromptVersionSpec spec, ObjectMapper json) {
        this.ref = ref;
        String t = spec.template() == null ? "" : spec.template();
        List<String> lits = new ArrayList<>();
        List<String> vars = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(t);
        int at = 0;
        while (m.find()) {
            lits.add(t.substring(at, m.start()));
            vars.add(m.group(1));
            at = m.end();
        }
        lits.add(t.substring(at));
        literals = lits.toArray(String[]::new);
        variables = vars.toArray(String[]::new);
        required = Set.copyOf(new LinkedHashSet<>(vars));
        parameters = json.valueToTree(spec.parameters());
        constant = variables.length == 0 ? literals[0] : null;
    }

    /** The text with every placeholder replaced; a {@link ValidationException} lists the variables missing. */
    String render(Map<String, String> values) {
        if (constant != null) return constant;
        List<String> missing = null;
        StringBuilder out = new StringBuilder(literals[0].length() * 2 + 64);
        for (int i = 0; i < variables.length; i++) {
            out.append(literals[i]);
            String v = values.get(variables[i]);
            if (v == null) {
                if (missing == null) missing = new ArrayList<>();
                if (!missing.contains(variables[i])) missing.add(variables[i]);
            } else {
                out.append(v);
            }
        }
        if (missing != null) {
            throw new ValidationException("variables", "the prompt " + ref + " needs the variable"
                    + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) + "; send them as {\"variables\": {...}}");
        }
        out.append(literals[literals.length - 1]);
        return out.toString();
    }
}
