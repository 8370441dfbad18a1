package org.aegisml.api.registry;

/**
 * How the source of a lineage edge relates to its target. Edges point from the upstream
 * version (what was used) to the downstream one (what used it):
 * dataset {@code TRAINED_ON} -> model, dataset {@code EVALUATED_ON} -> model,
 * model {@code USES} -> prompt, parent {@code PARENT_OF} -> child, dataset {@code DERIVED_FROM} -> dataset.
 */
public enum LineageRelation {
    TRAINED_ON, EVALUATED_ON, USES, PARENT_OF, DERIVED_FROM
}
