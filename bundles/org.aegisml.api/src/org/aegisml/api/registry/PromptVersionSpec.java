package org.aegisml.api.registry;

import java.util.List;
import java.util.Map;

/**
 * One immutable prompt version: the template with {@code {{variable}}} placeholders, the
 * variables it expects, the model it targets (a model name, optionally {@code name:version}
 * or {@code name@alias}), model parameters (temperature, max tokens...) and a commit message.
 */
public record PromptVersionSpec(String description, String template, List<String> variables, String targetModel,
        Map<String, Object> parameters, String commitMessage) implements VersionSpec {
    public PromptVersionSpec {
        variables = variables == null ? List.of() : List.copyOf(variables);
        parameters = parameters == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }

    @Override
    public AssetType type() {
        return AssetType.PROMPT;
    }
}
