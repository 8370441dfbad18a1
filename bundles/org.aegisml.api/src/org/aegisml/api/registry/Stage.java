package org.aegisml.api.registry;

/**
 * Lifecycle stage of a version. Allowed moves are decided by the registry: a version reaches
 * {@link #PRODUCTION} only after it has been in {@link #STAGING}, and an archived version can
 * only come back to staging.
 */
public enum Stage {
    NONE, STAGING, PRODUCTION, ARCHIVED
}
