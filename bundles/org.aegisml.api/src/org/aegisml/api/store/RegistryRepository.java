package org.aegisml.api.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.aegisml.api.Page;
import org.aegisml.api.PageRequest;
import org.aegisml.api.registry.AliasChange;
import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.AssetQuery;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.LineageDirection;
import org.aegisml.api.registry.LineageEdge;
import org.aegisml.api.registry.LineageNode;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.registry.StageChange;
import org.aegisml.api.registry.VersionRef;
import org.osgi.annotation.versioning.ProviderType;

/** Persistence of assets, versions, aliases, stages and lineage. It enforces no business rule but uniqueness. */
@ProviderType
public interface RegistryRepository {

    /** Inserts a new asset; {@link org.aegisml.api.ConflictException} when the name is taken for that type. */
    Asset insertAsset(Asset asset);

    Optional<Asset> findAsset(AssetType type, String name);

    Page<Asset> listAssets(AssetQuery query);

    /** Locks the asset row until the transaction ends (serializing writers of that asset) and returns it. */
    Optional<Asset> lockAsset(AssetType type, String name);

    /**
     * Locks the asset until the transaction ends and returns the number its next version gets;
     * concurrent callers for the same asset queue up, so numbers are never reused or skipped.
     */
    int reserveNextVersion(AssetType type, String name);

    void insertVersion(AssetVersion version);

    Optional<AssetVersion> findVersion(AssetType type, String name, int version);

    Page<AssetVersion> listVersions(AssetType type, String name, PageRequest page);

    /** Whether any version of any asset points at this artifact. */
    boolean artifactReferenced(String sha256);

    /** Locks the version row until the transaction ends and returns it. */
    Optional<AssetVersion> lockVersion(VersionRef ref);

    void updateStage(VersionRef ref, Stage stage);

    void insertStageChange(StageChange change);

    List<StageChange> stageHistory(VersionRef ref);

    Map<String, Integer> aliases(AssetType type, String name);

    /** Points the alias at {@code version}, or removes it when {@code version} is null. */
    void putAlias(AssetType type, String name, String alias, Integer version);

    void insertAliasChange(AliasChange change);

    List<AliasChange> aliasHistory(AssetType type, String name, String alias);

    /** Inserts an edge; {@link org.aegisml.api.ConflictException} when the same edge exists. */
    void insertEdge(LineageEdge edge);

    List<LineageNode> walk(VersionRef start, LineageDirection direction, int maxDepth);
}
