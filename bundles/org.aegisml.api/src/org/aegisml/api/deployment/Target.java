package org.aegisml.api.deployment;

import org.aegisml.api.registry.VersionRef;

/**
 * What a deployment serves: a model version, or a prompt version (the gateway renders the
 * prompt and calls the model behind it), and the backend that serves it. {@code model} is the
 * model version whose monitoring summaries the calls land in: the version itself for a model
 * target; for a prompt target the model the prompt runs on (resolved from the prompt's
 * {@code targetModel} when the deployment is written).
 */
public record Target(VersionRef version, Backend backend, VersionRef model) {

    public boolean isPrompt() {
        return version.type() == org.aegisml.api.registry.AssetType.PROMPT;
    }

    public Target masked() {
        return new Target(version, backend == null ? null : backend.masked(), model);
    }
}
