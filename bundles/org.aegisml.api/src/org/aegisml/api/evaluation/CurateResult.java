package org.aegisml.api.evaluation;

import org.aegisml.api.registry.AssetVersion;

/** The dataset version curation made, how many rows it added, and its evaluation run if one was asked for. */
public record CurateResult(AssetVersion dataset, int added, EvaluationRun run) {
}
