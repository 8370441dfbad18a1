package org.aegisml.api.registry;

import java.util.List;
import java.util.Optional;

import org.aegisml.api.Page;
import org.aegisml.api.PageRequest;
import org.aegisml.api.security.Actor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The registry of models, prompts and datasets. Every write is atomic and appends one audit
 * entry in the same transaction; a write that fails leaves nothing behind.
 */
@ProviderType
public interface Registry {

    Asset create(NewAsset asset, Actor actor);

    Optional<Asset> find(AssetType type, String name);

    Page<Asset> list(AssetQuery query);

    /** Registers the next version (1, 2, 3...) of an existing asset. */
    AssetVersion addVersion(AssetType type, String name, NewVersion version, Actor actor);

    /**
     * Registers the next version as {@link #addVersion(AssetType, String, NewVersion, Actor)} does
     * and runs {@code with} in the same transaction, given the version: what must never exist
     * without it (lineage to its sources, marks on what went into it, their audit entries) commits
     * or rolls back with it. An exception from {@code with} registers nothing. For services running
     * beside the registry; a remote client does not offer it.
     */
    default AssetVersion addVersion(AssetType type, String name, NewVersion version, Actor actor,
            java.util.function.BiConsumer<org.aegisml.api.store.StoreTx, AssetVersion> with) {
        throw new UnsupportedOperationException("registering a version with work in its transaction needs the registry in-process");
    }

    Optional<AssetVersion> version(AssetType type, String name, int version);

    /** Resolves an alias (e.g. {@code production}) to the version it points at. */
    Optional<AssetVersion> versionByAlias(AssetType type, String name, String alias);

    Page<AssetVersion> versions(AssetType type, String name, PageRequest page);

    /** The exact bytes of a version's artifact, with the version (for its size, type and hash). */
    ArtifactContent openArtifact(AssetType type, String name, int version);

    /** Points an alias at a version, creating or moving it; the move is kept in its history. */
    AliasChange setAlias(AssetType type, String name, String alias, int version, String reason, Actor actor);

    AliasChange deleteAlias(AssetType type, String name, String alias, String reason, Actor actor);

    List<AliasChange> aliasHistory(AssetType type, String name, String alias);

    /** Moves a version to another stage after every {@link PromotionGate} allowed it. */
    StageChange transition(VersionRef version, Stage to, String reason, Actor actor);

    List<StageChange> stageHistory(VersionRef version);

    LineageEdge link(VersionRef from, VersionRef to, LineageRelation relation, Actor actor);

    /** Every version reachable from {@code start} in the given direction, nearest first, up to {@code maxDepth} edges. */
    List<LineageNode> lineage(VersionRef start, LineageDirection direction, int maxDepth);
}
