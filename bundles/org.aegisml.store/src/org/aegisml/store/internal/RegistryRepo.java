package org.aegisml.store.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.Page;
import org.aegisml.api.PageRequest;
import org.aegisml.api.registry.AliasChange;
import org.aegisml.api.registry.ArtifactRef;
import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.AssetQuery;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.LineageDirection;
import org.aegisml.api.registry.LineageEdge;
import org.aegisml.api.registry.LineageNode;
import org.aegisml.api.registry.LineageRelation;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.registry.StageChange;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.store.RegistryRepository;
import org.aegisml.store.internal.entity.AliasChangeEntity;
import org.aegisml.store.internal.entity.AliasEntity;
import org.aegisml.store.internal.entity.AssetEntity;
import org.aegisml.store.internal.entity.AssetTagEntity;
import org.aegisml.store.internal.entity.LineageEdgeEntity;
import org.aegisml.store.internal.entity.StageChangeEntity;
import org.aegisml.store.internal.entity.VersionEntity;
import org.hibernate.Session;
import org.hibernate.query.SelectionQuery;

import jakarta.persistence.LockModeType;

final class RegistryRepo implements RegistryRepository {
    private final Session s;

    RegistryRepo(Session s) {
        this.s = s;
    }

    // ---- assets

    @Override
    public Asset insertAsset(Asset a) {
        AssetEntity e = new AssetEntity();
        e.type = a.type().name();
        e.name = a.name();
        e.kind = a.kind() == null ? null : a.kind().name();
        e.description = a.description();
        e.tagsJson = Json.write(a.tags());
        e.createdAt = a.createdAt();
        e.createdBy = a.createdBy();
        e.latestVersion = 0;
        s.persist(e);
        // Flush now so that a duplicate name fails here, inside the caller's unit of work.
        s.flush();
        for (var tag : a.tags().entrySet()) {
            AssetTagEntity t = new AssetTagEntity();
            t.assetId = e.id;
            t.key = tag.getKey();
            t.value = tag.getValue();
            s.persist(t);
        }
        return toAsset(e, Map.of());
    }

    @Override
    public Optional<Asset> findAsset(AssetType type, String name) {
        // One round trip for the asset and its aliases: this is the hottest read of the API.
        List<Object[]> rows = s.createSelectionQuery("select a, al from AssetEntity a left join AliasEntity al "
                + "on al.assetId = a.id where a.type = :type and a.name = :name order by al.alias", Object[].class)
                .setParameter("type", type.name()).setParameter("name", name).getResultList();
        if (rows.isEmpty()) return Optional.empty();
        Map<String, Integer> aliases = new LinkedHashMap<>();
        for (Object[] r : rows) {
            if (r[1] instanceof AliasEntity al) aliases.put(al.alias, al.version);
        }
        return Optional.of(toAsset((AssetEntity) rows.get(0)[0], aliases));
    }

    @Override
    public Page<Asset> listAssets(AssetQuery q) {
        StringBuilder where = new StringBuilder(" where a.type = :type");
        String tagKey = null;
        String tagValue = null;
        if (q.kind() != null) where.append(" and a.kind = :kind");
        if (q.tag() != null) {
            int eq = q.tag().indexOf('=');
            tagKey = eq < 0 ? q.tag() : q.tag().substring(0, eq);
            tagValue = eq < 0 ? null : q.tag().substring(eq + 1);
            where.append(" and exists (from AssetTagEntity t where t.assetId = a.id and t.key = :tagKey")
                    .append(tagValue == null ? ")" : " and t.value = :tagValue)");
        }
        if (q.text() != null) {
            where.append(" and (lower(a.name) like :text escape '\\' or lower(a.description) like :text escape '\\')");
        }
        SelectionQuery<AssetEntity> items = s.createSelectionQuery("from AssetEntity a" + where + " order by a.name",
                AssetEntity.class);
        SelectionQuery<Long> count = s.createSelectionQuery("select count(*) from AssetEntity a" + where, Long.class);
        for (SelectionQuery<?> query : List.of(items, count)) {
            query.setParameter("type", q.type().name());
            if (q.kind() != null) query.setParameter("kind", q.kind().name());
            if (tagKey != null) query.setParameter("tagKey", tagKey);
            if (tagValue != null) query.setParameter("tagValue", tagValue);
            if (q.text() != null) {
                query.setParameter("text", "%" + escapeLike(q.text().toLowerCase(Locale.ROOT)) + "%");
            }
        }
        List<AssetEntity> rows = items.setFirstResult(q.page().offset()).setMaxResults(q.page().size()).getResultList();
        Map<Long, Map<String, Integer>> aliases = aliasesOf(rows.stream().map(e -> e.id).toList());
        List<Asset> list = rows.stream().map(e -> toAsset(e, aliases.getOrDefault(e.id, Map.of()))).toList();
        return new Page<>(list, count.getSingleResult(), q.page().page(), q.page().size());
    }

    @Override
    public Optional<Asset> lockAsset(AssetType type, String name) {
        return entity(type, name, true).map(e -> toAsset(e, aliasesOf(e.id)));
    }

    @Override
    public int reserveNextVersion(AssetType type, String name) {
        AssetEntity e = entity(type, name, true).orElseThrow(() -> notFound(type, name));
        e.latestVersion++;
        return e.latestVersion;
    }

    // ---- versions

    @Override
    public void insertVersion(AssetVersion v) {
        AssetEntity a = entity(v.type(), v.name(), false).orElseThrow(() -> notFound(v.type(), v.name()));
        VersionEntity e = new VersionEntity();
        e.assetId = a.id;
        e.version = v.version();
        e.stage = v.stage().name();
        e.specJson = Json.write(v.spec());
        if (v.artifact() != null) {
            e.artifactSha256 = v.artifact().sha256();
            e.artifactSize = v.artifact().size();
            e.artifactFilename = v.artifact().filename();
            e.artifactMediaType = v.artifact().mediaType();
        }
        e.createdAt = v.createdAt();
        e.createdBy = v.createdBy();
        s.persist(e);
    }

    @Override
    public Optional<AssetVersion> findVersion(AssetType type, String name, int version) {
        return versionEntity(type, name, version, false).map(e -> toVersion(type, name, e));
    }

    @Override
    public Page<AssetVersion> listVersions(AssetType type, String name, PageRequest page) {
        AssetEntity a = entity(type, name, false).orElseThrow(() -> notFound(type, name));
        List<VersionEntity> rows = s.createSelectionQuery(
                "from VersionEntity where assetId = :id order by version desc", VersionEntity.class)
                .setParameter("id", a.id).setFirstResult(page.offset()).setMaxResults(page.size()).getResultList();
        long total = s.createSelectionQuery("select count(*) from VersionEntity where assetId = :id", Long.class)
                .setParameter("id", a.id).getSingleResult();
        return new Page<>(rows.stream().map(e -> toVersion(type, name, e)).toList(), total, page.page(), page.size());
    }

    @Override
    public boolean artifactReferenced(String sha256) {
        return !s.createSelectionQuery("select 1 from VersionEntity where artifactSha256 = :h", Integer.class)
                .setParameter("h", sha256).setMaxResults(1).getResultList().isEmpty();
    }

    @Override
    public Optional<AssetVersion> lockVersion(VersionRef ref) {
        return versionEntity(ref.type(), ref.name(), ref.version(), true).map(e -> toVersion(ref.type(), ref.name(), e));
    }

    @Override
    public void updateStage(VersionRef ref, Stage stage) {
        VersionEntity e = versionEntity(ref.type(), ref.name(), ref.version(), false)
                .orElseThrow(() -> notFound(ref));
        e.stage = stage.name();
    }

    @Override
    public void insertStageChange(StageChange c) {
        VersionEntity v = versionEntity(c.version().type(), c.version().name(), c.version().version(), false)
                .orElseThrow(() -> notFound(c.version()));
        StageChangeEntity e = new StageChangeEntity();
        e.versionId = v.id;
        e.fromStage = c.from().name();
        e.toStage = c.to().name();
        e.actor = c.actor();
        e.reason = c.reason();
        e.at = c.at();
        s.persist(e);
    }

    @Override
    public List<StageChange> stageHistory(VersionRef ref) {
        VersionEntity v = versionEntity(ref.type(), ref.name(), ref.version(), false).orElseThrow(() -> notFound(ref));
        return s.createSelectionQuery("from StageChangeEntity where versionId = :id order by id", StageChangeEntity.class)
                .setParameter("id", v.id).getResultList().stream()
                .map(e -> new StageChange(ref, Stage.valueOf(e.fromStage), Stage.valueOf(e.toStage), e.actor, e.reason,
                        e.at))
                .toList();
    }

    // ---- aliases

    @Override
    public Map<String, Integer> aliases(AssetType type, String name) {
        AssetEntity a = entity(type, name, false).orElseThrow(() -> notFound(type, name));
        return aliasesOf(a.id);
    }

    @Override
    public void putAlias(AssetType type, String name, String alias, Integer version) {
        AssetEntity a = entity(type, name, false).orElseThrow(() -> notFound(type, name));
        Optional<AliasEntity> current = s
                .createSelectionQuery("from AliasEntity where assetId = :id and alias = :alias", AliasEntity.class)
                .setParameter("id", a.id).setParameter("alias", alias).uniqueResultOptional();
        if (version == null) {
            current.ifPresent(s::remove);
        } else if (current.isPresent()) {
            current.get().version = version;
        } else {
            AliasEntity e = new AliasEntity();
            e.assetId = a.id;
            e.alias = alias;
            e.version = version;
            s.persist(e);
        }
    }

    @Override
    public void insertAliasChange(AliasChange c) {
        AssetEntity a = entity(c.type(), c.name(), false).orElseThrow(() -> notFound(c.type(), c.name()));
        AliasChangeEntity e = new AliasChangeEntity();
        e.assetId = a.id;
        e.alias = c.alias();
        e.fromVersion = c.fromVersion();
        e.toVersion = c.toVersion();
        e.actor = c.actor();
        e.reason = c.reason();
        e.at = c.at();
        s.persist(e);
    }

    @Override
    public List<AliasChange> aliasHistory(AssetType type, String name, String alias) {
        AssetEntity a = entity(type, name, false).orElseThrow(() -> notFound(type, name));
        return s.createSelectionQuery("from AliasChangeEntity where assetId = :id and alias = :alias order by id",
                AliasChangeEntity.class).setParameter("id", a.id).setParameter("alias", alias).getResultList().stream()
                .map(e -> new AliasChange(type, name, e.alias, e.fromVersion, e.toVersion, e.actor, e.reason, e.at))
                .toList();
    }

    // ---- lineage

    @Override
    public void insertEdge(LineageEdge edge) {
        LineageEdgeEntity e = new LineageEdgeEntity();
        e.fromVersionId = versionEntity(edge.from(), false).id;
        e.toVersionId = versionEntity(edge.to(), false).id;
        e.relation = edge.relation().name();
        e.createdAt = edge.createdAt();
        e.createdBy = edge.createdBy();
        s.persist(e);
        s.flush();
    }

    @Override
    public List<LineageNode> walk(VersionRef start, LineageDirection direction, int maxDepth) {
        long startId = versionEntity(start, false).id;
        boolean down = direction == LineageDirection.DOWN;
        String query = down ? "from LineageEdgeEntity where fromVersionId in :ids order by id"
                : "from LineageEdgeEntity where toVersionId in :ids order by id";
        Set<Long> seen = new HashSet<>(Set.of(startId));
        List<long[]> found = new ArrayList<>(); // {versionId, depth, edge index}
        List<LineageEdgeEntity> edges = new ArrayList<>();
        ArrayDeque<Long> frontier = new ArrayDeque<>(List.of(startId));
        // Breadth first, one query per level; the seen set makes cycles harmless.
        for (int depth = 1; depth <= maxDepth && !frontier.isEmpty(); depth++) {
            List<LineageEdgeEntity> level = s.createSelectionQuery(query, LineageEdgeEntity.class)
                    .setParameter("ids", List.copyOf(frontier)).getResultList();
            frontier.clear();
            for (LineageEdgeEntity e : level) {
                long next = down ? e.toVersionId : e.fromVersionId;
                if (seen.add(next)) {
                    edges.add(e);
                    found.add(new long[] { next, depth, edges.size() - 1 });
                    frontier.add(next);
                }
            }
        }
        Set<Long> ids = new HashSet<>(seen);
        Map<Long, VersionRef> refs = refs(ids);
        List<LineageNode> out = new ArrayList<>(found.size());
        for (long[] f : found) {
            LineageEdgeEntity e = edges.get((int) f[2]);
            LineageEdge via = new LineageEdge(refs.get(e.fromVersionId), refs.get(e.toVersionId),
                    LineageRelation.valueOf(e.relation), e.createdAt, e.createdBy);
            out.add(new LineageNode(refs.get(f[0]), (int) f[1], via));
        }
        return out;
    }

    // ---- helpers

    private Map<Long, VersionRef> refs(Collection<Long> versionIds) {
        Map<Long, VersionRef> out = new HashMap<>();
        if (versionIds.isEmpty()) return out;
        List<Object[]> rows = s.createSelectionQuery(
                "select v.id, a.type, a.name, v.version from VersionEntity v, AssetEntity a "
                        + "where a.id = v.assetId and v.id in :ids", Object[].class)
                .setParameter("ids", versionIds).getResultList();
        for (Object[] r : rows) {
            out.put((Long) r[0], new VersionRef(AssetType.valueOf((String) r[1]), (String) r[2], (Integer) r[3]));
        }
        return out;
    }

    private Optional<AssetEntity> entity(AssetType type, String name, boolean lock) {
        SelectionQuery<AssetEntity> q = s.createSelectionQuery("from AssetEntity where type = :type and name = :name",
                AssetEntity.class).setParameter("type", type.name()).setParameter("name", name);
        if (lock) q.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        return q.uniqueResultOptional();
    }

    private VersionEntity versionEntity(VersionRef ref, boolean lock) {
        return versionEntity(ref.type(), ref.name(), ref.version(), lock).orElseThrow(() -> notFound(ref));
    }

    private Optional<VersionEntity> versionEntity(AssetType type, String name, int version, boolean lock) {
        SelectionQuery<VersionEntity> q = s.createSelectionQuery(
                "select v from VersionEntity v, AssetEntity a where a.id = v.assetId and a.type = :type "
                        + "and a.name = :name and v.version = :version", VersionEntity.class)
                .setParameter("type", type.name()).setParameter("name", name).setParameter("version", version);
        if (lock) q.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        return q.uniqueResultOptional();
    }

    private Map<String, Integer> aliasesOf(long assetId) {
        return aliasesOf(List.of(assetId)).getOrDefault(assetId, Map.of());
    }

    private Map<Long, Map<String, Integer>> aliasesOf(Collection<Long> assetIds) {
        Map<Long, Map<String, Integer>> out = new HashMap<>();
        if (assetIds.isEmpty()) return out;
        for (AliasEntity a : s.createSelectionQuery("from AliasEntity where assetId in :ids order by alias",
                AliasEntity.class).setParameter("ids", assetIds).getResultList()) {
            out.computeIfAbsent(a.assetId, k -> new LinkedHashMap<>()).put(a.alias, a.version);
        }
        return out;
    }

    private static Asset toAsset(AssetEntity e, Map<String, Integer> aliases) {
        AssetType type = AssetType.valueOf(e.type);
        return new Asset(type, e.name, e.kind == null ? null : ModelKind.valueOf(e.kind), e.description,
                Json.tags(e.tagsJson), e.createdAt, e.createdBy, e.latestVersion, aliases);
    }

    private static AssetVersion toVersion(AssetType type, String name, VersionEntity e) {
        ArtifactRef artifact = e.artifactSha256 == null ? null
                : new ArtifactRef(e.artifactSha256, e.artifactSize, e.artifactFilename, e.artifactMediaType);
        return new AssetVersion(type, name, e.version, Json.spec(type, e.specJson), artifact, Stage.valueOf(e.stage),
                e.createdAt, e.createdBy);
    }

    private static NotFoundException notFound(AssetType type, String name) {
        return new NotFoundException("name", type.name().toLowerCase(Locale.ROOT) + " '" + name + "' does not exist");
    }

    private static NotFoundException notFound(VersionRef ref) {
        return new NotFoundException("version", "version " + ref + " does not exist");
    }

    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static String likePrefix(String prefix) {
        return escapeLike(prefix) + "%";
    }
}
