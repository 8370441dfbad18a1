package org.aegisml.api.registry;

import org.aegisml.api.security.Actor;

/** A request to move a version to a new stage, as seen by {@link PromotionGate}s. */
public record PromotionRequest(VersionRef version, Stage from, Stage to, Actor actor, String reason) {
}
