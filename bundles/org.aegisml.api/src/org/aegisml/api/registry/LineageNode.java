package org.aegisml.api.registry;

/** A version reached by a lineage walk, {@code depth} edges away from the start, through {@code via}. */
public record LineageNode(VersionRef version, int depth, LineageEdge via) {
}
