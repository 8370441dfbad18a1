package org.aegisml.api.registry;

import java.time.Instant;

/**
 * One move of an alias: who pointed {@code alias} of an asset from {@code fromVersion}
 * (null when the alias is new) to {@code toVersion} (null when it was deleted), when and why.
 */
public record AliasChange(AssetType type, String name, String alias, Integer fromVersion, Integer toVersion,
        String actor, String reason, Instant at) {
}
