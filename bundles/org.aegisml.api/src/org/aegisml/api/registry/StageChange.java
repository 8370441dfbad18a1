package org.aegisml.api.registry;

import java.time.Instant;

/** One stage transition of a version, kept forever. */
public record StageChange(VersionRef version, Stage from, Stage to, String actor, String reason, Instant at) {
}
