package org.aegisml.api.registry;

import java.time.Instant;

/** A directed edge: {@code from} is upstream of {@code to}. */
public record LineageEdge(VersionRef from, VersionRef to, LineageRelation relation, Instant createdAt, String createdBy) {
}
