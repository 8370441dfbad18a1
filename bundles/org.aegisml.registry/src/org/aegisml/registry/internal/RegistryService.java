package org.aegisml.registry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import org.aegisml.api.ConflictException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.Page;
import org.aegisml.api.PageRequest;
import org.aegisml.api.TooLargeException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.artifact.ArtifactStore;
import org.aegisml.api.artifact.ArtifactTooLargeException;
import org.aegisml.api.artifact.StagedArtifact;
import org.aegisml.api.artifact.StoredArtifact;
import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.registry.AliasChange;
import org.aegisml.api.registry.ArtifactContent;
import org.aegisml.api.registry.ArtifactRef;
import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.AssetQuery;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.DatasetFormat;
import org.aegisml.api.registry.DatasetVersionSpec;
import org.aegisml.api.registry.LineageDirection;
import org.aegisml.api.registry.LineageEdge;
import org.aegisml.api.registry.LineageNode;
import org.aegisml.api.registry.LineageRelation;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.NewAsset;
import org.aegisml.api.registry.NewVersion;
import org.aegisml.api.registry.PromotionDecision;
import org.aegisml.api.registry.PromotionDeniedException;
import org.aegisml.api.registry.PromotionGate;
import org.aegisml.api.registry.PromotionRequest;
import org.aegisml.api.registry.PromptVersionSpec;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.registry.StageChange;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.registry.VersionSpec;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.api.store.RegistryRepository;
import org.aegisml.api.store.Store;
import org.aegisml.api.store.StoreTx;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The registry's rules on top of the store: naming, version numbering, the stage machine,
 * alias history, lineage checks, promotion gates, and one audit entry per write, all in the
 * write's own transaction. Artifacts are staged before the transaction and published under
 * a per-hash lock, so a failed write never leaves a blob that nothing references.
 */
@Component(service = Registry.class, configurationPid = "org.aegisml.registry",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class RegistryService implements Registry {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryService.class);
    static final String PRODUCTION_ALIAS = "production";
    /** What the spec column holds, with room for the store's own field names. */
    static final int MAX_SPEC_CHARS = 900_000;

    public @interface Config {
        /** Largest artifact accepted, in bytes (default 2 GiB). */
        long maxArtifactBytes() default 2L << 30;

        int maxLineageDepth() default 100;
    }

    private final Store store;
    private final ArtifactStore artifacts;
    private final long maxArtifactBytes;
    private final int maxLineageDepth;
    private final List<PromotionGate> gates = new CopyOnWriteArrayList<>();
    private final ReentrantLock[] artifactLocks = new ReentrantLock[64];
    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    @Activate
    public RegistryService(@Reference Store store,
            // Greedy: the highest-ranked store always wins (an object store configured with a ranking above
            // the local one), whatever order the bundles started in.
            @Reference(policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY) ArtifactStore artifacts,
            Config config) {
        this.store = store;
        this.artifacts = artifacts;
        this.maxArtifactBytes = config.maxArtifactBytes();
        this.maxLineageDepth = config.maxLineageDepth();
        for (int i = 0; i < artifactLocks.length; i++) artifactLocks[i] = new ReentrantLock();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addGate(PromotionGate gate) {
        gates.add(gate);
    }

    void removeGate(PromotionGate gate) {
        gates.remove(gate);
    }

    // ---- assets

    @Override
    public Asset create(NewAsset a, Actor actor) {
        actor.require(Role.OPERATOR);
        if (a.type() == null) throw new ValidationException("type", "type is required");
        Validation.name("name", a.name());
        Validation.text("description", a.description(), 4000);
        Validation.tags("tags", a.tags());
        if (a.type() == AssetType.MODEL && a.kind() == null) {
            throw new ValidationException("kind", "kind is required for a model: ml or llm");
        }
        if (a.type() != AssetType.MODEL && a.kind() != null) {
            throw new ValidationException("kind", "only models have a kind");
        }
        Asset row = new Asset(a.type(), a.name(), a.kind(), a.description(), a.tags(), now(), actor.name(), 0, Map.of());
        try {
            return store.write(tx -> {
                Asset created = tx.registry().insertAsset(row);
                audit(tx, actor, a.type(), "create", target(a.type(), a.name()), null, created);
                return created;
            });
        } catch (ConflictException e) {
            throw new ConflictException("name", lower(a.type()) + " '" + a.name() + "' already exists", e);
        }
    }

    @Override
    public Optional<Asset> find(AssetType type, String name) {
        return store.read(tx -> tx.registry().findAsset(type, name));
    }

    @Override
    public Page<Asset> list(AssetQuery query) {
        if (query.type() == null) throw new ValidationException("type", "type is required");
        return store.read(tx -> tx.registry().listAssets(query));
    }

    // ---- versions

    @Override
    public AssetVersion addVersion(AssetType type, String name, NewVersion v, Actor actor) {
        return addVersion(type, name, v, actor, (tx, created) -> {
        });
    }

    @Override
    public AssetVersion addVersion(AssetType type, String name, NewVersion v, Actor actor,
            java.util.function.BiConsumer<StoreTx, AssetVersion> with) {
        actor.require(Role.OPERATOR);
        java.util.Objects.requireNonNull(with, "with");
        if (v.spec() == null) throw new ValidationException("metadata", "version metadata is required");
        if (v.spec().type() != type) {
            throw new ValidationException("metadata", "metadata describes a " + lower(v.spec().type()) + ", not a "
                    + lower(type));
        }
        VersionSpec spec = v.spec();
        VersionRef usesModel = null;
        switch (spec) {
            case ModelVersionSpec m -> Validation.model(m);
            case PromptVersionSpec p -> {
                spec = Validation.prompt(p);
                usesModel = targetModel(p.targetModel());
            }
            case DatasetVersionSpec d -> Validation.text("description", d.description(), 4000);
        }
        if (write(spec).length() > MAX_SPEC_CHARS) {
            throw new ValidationException("metadata", "the version metadata is larger than " + MAX_SPEC_CHARS + " characters");
        }
        // Fail fast, before receiving a large file, when the asset is unknown.
        if (find(type, name).isEmpty()) throw notFound(type, name);
        if (type == AssetType.PROMPT) {
            if (v.content() != null) throw new ValidationException("artifact", "prompt versions carry no file");
            return insertVersion(type, name, spec, null, usesModel, actor, with, () -> {
            });
        }
        if (v.content() == null) throw new ValidationException("artifact", "a " + lower(type) + " version needs a file");
        if (type == AssetType.DATASET) {
            DatasetVersionSpec d = (DatasetVersionSpec) spec;
            DatasetFormat format = DatasetInspector.detect(d.format(), v.filename(), v.mediaType());
            spec = new DatasetVersionSpec(d.description(), format, 0, List.of());
        }
        String filename = Validation.text("filename", v.filename(), 500);
        String mediaType = Validation.text("media_type", v.mediaType(), 200);
        StagedArtifact staged = stage(v.content());
        try {
            if (spec instanceof DatasetVersionSpec d) {
                DatasetInspector.Result r = inspectStaged(staged, d.format());
                spec = new DatasetVersionSpec(d.description(), d.format(), r.rows(), r.schema());
            }
            ArtifactRef ref = new ArtifactRef(staged.sha256(), staged.size(), filename, mediaType);
            // The blob is published inside the transaction, after the rows are written, under a
            // per-hash lock: if the commit then fails, a blob this request created and nothing
            // references is removed again, and a concurrent upload of the same bytes waits.
            ReentrantLock lock = artifactLocks[Math.floorMod(staged.sha256().hashCode(), artifactLocks.length)];
            lock.lock();
            try {
                boolean[] created = { false };
                try {
                    return insertVersion(type, name, spec, ref, null, actor, with,
                            () -> created[0] |= commit(staged).created());
                } catch (RuntimeException e) {
                    if (created[0]) undo(staged.sha256(), e);
                    throw e;
                }
            } finally {
                lock.unlock();
            }
        } finally {
            artifacts.discard(staged);
        }
    }

    private AssetVersion insertVersion(AssetType type, String name, VersionSpec spec, ArtifactRef artifact,
            VersionRef usesModel, Actor actor, java.util.function.BiConsumer<StoreTx, AssetVersion> with, Runnable beforeCommit) {
        return store.write(tx -> {
            RegistryRepository r = tx.registry();
            int n = r.reserveNextVersion(type, name);
            AssetVersion created = new AssetVersion(type, name, n, spec, artifact, Stage.NONE, now(), actor.name());
            r.insertVersion(created);
            if (usesModel != null) {
                if (r.findVersion(usesModel.type(), usesModel.name(), usesModel.version()).isEmpty()) {
                    throw new ValidationException("target_model", "model version " + usesModel + " does not exist");
                }
                r.insertEdge(new LineageEdge(usesModel, created.ref(), LineageRelation.USES, created.createdAt(),
                        actor.name()));
            }
            audit(tx, actor, type, "version.create", created.ref().toString(), null, created);
            with.accept(tx, created);
            beforeCommit.run();
            return created;
        });
    }

    /** {@code name:3} links the prompt to that model version; a bare name or {@code name@alias} is only checked to exist. */
    private VersionRef targetModel(String target) {
        if (target == null || target.isBlank()) return null;
        int colon = target.lastIndexOf(':');
        int at = target.lastIndexOf('@');
        String model = colon > 0 ? target.substring(0, colon) : at > 0 ? target.substring(0, at) : target;
        if (find(AssetType.MODEL, model).isEmpty()) {
            throw new ValidationException("target_model", "target model '" + model + "' is not registered");
        }
        if (colon > 0) {
            try {
                return new VersionRef(AssetType.MODEL, model, Integer.parseInt(target.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new ValidationException("target_model", "use model, model:version or model@alias");
            }
        }
        if (at > 0 && versionByAlias(AssetType.MODEL, model, target.substring(at + 1)).isEmpty()) {
            throw new ValidationException("target_model", "model '" + model + "' has no alias '" + target.substring(at + 1) + "'");
        }
        return null;
    }

    private StagedArtifact stage(InputStream content) {
        try {
            return artifacts.stage(content, maxArtifactBytes);
        } catch (ArtifactTooLargeException e) {
            throw new TooLargeException("artifact", e.limit());
        } catch (IOException e) {
            throw new UncheckedIOException("could not receive the artifact", e);
        }
    }

    private StoredArtifact commit(StagedArtifact staged) {
        try {
            return artifacts.commit(staged);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the artifact", e);
        }
    }

    private DatasetInspector.Result inspectStaged(StagedArtifact staged, DatasetFormat format) {
        try (InputStream in = artifacts.openStaged(staged)) {
            return DatasetInspector.inspect(format, in, json);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the dataset", e);
        }
    }

    private void undo(String sha256, RuntimeException cause) {
        try {
            boolean referenced = store.read(tx -> tx.registry().artifactReferenced(sha256));
            if (!referenced) artifacts.delete(sha256);
        } catch (RuntimeException | IOException e) {
            cause.addSuppressed(e);
            LOG.warn("Could not remove artifact {} after a failed write", sha256, e);
        }
    }

    @Override
    public Optional<AssetVersion> version(AssetType type, String name, int version) {
        return store.read(tx -> tx.registry().findVersion(type, name, version));
    }

    @Override
    public Optional<AssetVersion> versionByAlias(AssetType type, String name, String alias) {
        return store.read(tx -> {
            RegistryRepository r = tx.registry();
            Optional<Asset> asset = r.findAsset(type, name);
            if (asset.isEmpty()) return Optional.empty();
            Integer n = Validation.LATEST.equals(alias) ? (asset.get().latestVersion() == 0 ? null
                    : asset.get().latestVersion()) : asset.get().aliases().get(alias);
            return n == null ? Optional.empty() : r.findVersion(type, name, n);
        });
    }

    @Override
    public Page<AssetVersion> versions(AssetType type, String name, PageRequest page) {
        return store.read(tx -> tx.registry().listVersions(type, name, page));
    }

    @Override
    public ArtifactContent openArtifact(AssetType type, String name, int version) {
        AssetVersion v = version(type, name, version).orElseThrow(() -> notFound(new VersionRef(type, name, version)));
        if (v.artifact() == null) throw new NotFoundException("artifact", "version " + v.ref() + " has no artifact");
        try {
            return new ArtifactContent(v, artifacts.open(v.artifact().sha256()).orElseThrow(() -> new IllegalStateException(
                    "artifact " + v.artifact().sha256() + " of " + v.ref() + " is missing from the artifact store")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- aliases

    @Override
    public AliasChange setAlias(AssetType type, String name, String alias, int version, String reason, Actor actor) {
        actor.require(Role.OPERATOR);
        Validation.alias(alias);
        Validation.text("reason", reason, 4000);
        return store.write(tx -> {
            RegistryRepository r = tx.registry();
            r.lockAsset(type, name).orElseThrow(() -> notFound(type, name));
            r.findVersion(type, name, version).orElseThrow(() -> notFound(new VersionRef(type, name, version)));
            return moveAlias(tx, type, name, alias, version, reason, actor);
        });
    }

    @Override
    public AliasChange deleteAlias(AssetType type, String name, String alias, String reason, Actor actor) {
        actor.require(Role.OPERATOR);
        Validation.alias(alias);
        return store.write(tx -> {
            Map<String, Integer> aliases = tx.registry().aliases(type, name);
            if (!aliases.containsKey(alias)) {
                throw new NotFoundException("alias", lower(type) + " '" + name + "' has no alias '" + alias + "'");
            }
            return moveAlias(tx, type, name, alias, null, reason, actor);
        });
    }

    private AliasChange moveAlias(StoreTx tx, AssetType type, String name, String alias, Integer version, String reason,
            Actor actor) {
        RegistryRepository r = tx.registry();
        Integer from = r.aliases(type, name).get(alias);
        AliasChange change = new AliasChange(type, name, alias, from, version, actor.name(), reason, now());
        r.putAlias(type, name, alias, version);
        r.insertAliasChange(change);
        audit(tx, actor, type, version == null ? "alias.delete" : "alias.set",
                target(type, name) + "/aliases/" + alias, from == null ? null : Map.of("version", from),
                version == null ? null : Map.of("version", version, "reason", reason == null ? "" : reason));
        return change;
    }

    @Override
    public List<AliasChange> aliasHistory(AssetType type, String name, String alias) {
        return store.read(tx -> tx.registry().aliasHistory(type, name, alias));
    }

    // ---- stages

    @Override
    public StageChange transition(VersionRef ref, Stage to, String reason, Actor actor) {
        actor.require(Role.OPERATOR);
        if (to == null) throw new ValidationException("stage", "stage is required: staging, production or archived");
        Validation.text("reason", reason, 4000);
        record Current(AssetVersion version, List<StageChange> history) {
        }
        Current now = store.read(tx -> new Current(
                tx.registry().findVersion(ref.type(), ref.name(), ref.version()).orElseThrow(() -> notFound(ref)),
                tx.registry().stageHistory(ref)));
        AssetVersion current = now.version();
        StageRules.check(current.stage(), to, now.history());
        // Gates run outside the transaction: they may call other services or wait for nothing
        // but their own rules; the transaction below re-checks that nothing moved meanwhile.
        PromotionRequest request = new PromotionRequest(ref, current.stage(), to, actor, reason);
        for (PromotionGate gate : gates) {
            PromotionDecision d;
            try {
                d = gate.check(request);
            } catch (RuntimeException e) {
                LOG.warn("Promotion gate {} failed; treating it as a denial", gate.getClass().getName(), e);
                d = PromotionDecision.deny(gate.getClass().getName(), "the gate failed: " + e);
            }
            if (d == null || !d.allowed()) {
                String why = d == null ? "no decision" : d.reason();
                String gateName = d == null ? gate.getClass().getName() : d.gate();
                store.write(tx -> tx.audit().append(new AuditRecord(actor.name(), "version.stage.denied", ref.toString(),
                        write(Map.of("stage", StageRules.name(current.stage()))),
                        write(Map.of("stage", StageRules.name(to), "gate", gateName, "reason", String.valueOf(why))))));
                throw new PromotionDeniedException(gateName, why);
            }
        }
        return store.write(tx -> {
            RegistryRepository r = tx.registry();
            AssetVersion locked = r.lockVersion(ref).orElseThrow(() -> notFound(ref));
            if (locked.stage() != current.stage()) {
                throw new ConflictException("stage", "the version moved to "
                        + StageRules.name(locked.stage()) + " meanwhile; retry");
            }
            Instant at = now();
            StageChange change = new StageChange(ref, locked.stage(), to, actor.name(), reason, at);
            r.updateStage(ref, to);
            r.insertStageChange(change);
            audit(tx, actor, ref.type(), "version.stage", ref.toString(), Map.of("stage", StageRules.name(locked.stage())),
                    stageAfter(to, reason));
            if (to == Stage.PRODUCTION) {
                archiveOtherProductionVersions(tx, ref, reason, actor, at);
                if (!Integer.valueOf(ref.version()).equals(r.aliases(ref.type(), ref.name()).get(PRODUCTION_ALIAS))) {
                    moveAlias(tx, ref.type(), ref.name(), PRODUCTION_ALIAS, ref.version(),
                            "promoted to production" + (reason == null ? "" : ": " + reason), actor);
                }
            }
            return change;
        });
    }

    /** One production version per asset: promoting a version archives the one it replaces. */
    private void archiveOtherProductionVersions(StoreTx tx, VersionRef promoted, String reason, Actor actor, Instant at) {
        RegistryRepository r = tx.registry();
        int page = 1;
        List<AssetVersion> toArchive = new ArrayList<>();
        while (true) {
            Page<AssetVersion> p = r.listVersions(promoted.type(), promoted.name(), new PageRequest(page, PageRequest.MAX_SIZE));
            for (AssetVersion v : p.items()) {
                if (v.stage() == Stage.PRODUCTION && v.version() != promoted.version()) toArchive.add(v);
            }
            if ((long) page * PageRequest.MAX_SIZE >= p.total()) break;
            page++;
        }
        for (AssetVersion v : toArchive) {
            String why = "replaced in production by version " + promoted.version();
            r.updateStage(v.ref(), Stage.ARCHIVED);
            r.insertStageChange(new StageChange(v.ref(), Stage.PRODUCTION, Stage.ARCHIVED, actor.name(), why, at));
            audit(tx, actor, v.type(), "version.stage", v.ref().toString(), Map.of("stage", "production"),
                    stageAfter(Stage.ARCHIVED, why));
        }
    }

    private static Map<String, Object> stageAfter(Stage to, String reason) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", StageRules.name(to));
        if (reason != null) m.put("reason", reason);
        return m;
    }

    @Override
    public List<StageChange> stageHistory(VersionRef ref) {
        return store.read(tx -> tx.registry().stageHistory(ref));
    }

    // ---- lineage

    @Override
    public LineageEdge link(VersionRef from, VersionRef to, LineageRelation relation, Actor actor) {
        actor.require(Role.OPERATOR);
        if (from == null) throw new ValidationException("from", "from is required");
        if (to == null) throw new ValidationException("to", "to is required");
        if (relation == null) throw new ValidationException("relation", "relation is required");
        if (from.equals(to)) throw new ValidationException("to", "a version cannot be linked to itself");
        checkRelation(from, to, relation);
        LineageEdge edge = new LineageEdge(from, to, relation, now(), actor.name());
        try {
            return store.write(tx -> {
                RegistryRepository r = tx.registry();
                if (r.findVersion(from.type(), from.name(), from.version()).isEmpty()) throw notFound("from", from);
                if (r.findVersion(to.type(), to.name(), to.version()).isEmpty()) throw notFound("to", to);
                r.insertEdge(edge);
                audit(tx, actor, from.type(), "lineage.link", from + "->" + to, null,
                        Map.of("from", from.toString(), "to", to.toString(), "relation", lower(relation)));
                return edge;
            });
        } catch (ConflictException e) {
            throw new ConflictException("relation", "the edge " + from + " " + lower(relation) + " " + to
                    + " is already recorded", e);
        }
    }

    /** Edges point from what was used to what used it; each relation joins specific types. */
    static void checkRelation(VersionRef from, VersionRef to, LineageRelation relation) {
        boolean ok = switch (relation) {
            case TRAINED_ON -> from.type() == AssetType.DATASET && to.type() == AssetType.MODEL;
            case EVALUATED_ON -> from.type() == AssetType.DATASET && to.type() != AssetType.DATASET;
            case USES -> from.type() == AssetType.MODEL && to.type() == AssetType.PROMPT;
            case PARENT_OF -> from.type() == to.type();
            case DERIVED_FROM -> from.type() == AssetType.DATASET && to.type() == AssetType.DATASET;
        };
        if (!ok) {
            String expected = switch (relation) {
                case TRAINED_ON -> "from a dataset version to the model version trained on it";
                case EVALUATED_ON -> "from a dataset version to the model or prompt version evaluated on it";
                case USES -> "from a model version to the prompt version that uses it";
                case PARENT_OF -> "between two versions of the same type, parent first";
                case DERIVED_FROM -> "from a dataset version to the dataset version derived from it";
            };
            throw new ValidationException("relation", lower(relation) + " goes " + expected);
        }
    }

    @Override
    public List<LineageNode> lineage(VersionRef start, LineageDirection direction, int maxDepth) {
        if (maxDepth < 1 || maxDepth > maxLineageDepth) {
            throw new ValidationException("depth", "depth must be between 1 and " + maxLineageDepth);
        }
        return store.read(tx -> {
            if (tx.registry().findVersion(start.type(), start.name(), start.version()).isEmpty()) throw notFound(start);
            return tx.registry().walk(start, direction, maxDepth);
        });
    }

    // ---- helpers

    private void audit(StoreTx tx, Actor actor, AssetType type, String action, String target, Object before,
            Object after) {
        tx.audit().append(new AuditRecord(actor.name(), lower(type) + "." + action, target, write(before), write(after)));
    }

    private String write(Object value) {
        if (value == null) return null;
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String target(AssetType type, String name) {
        return type.collection() + "/" + name;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static NotFoundException notFound(AssetType type, String name) {
        return new NotFoundException("name", lower(type) + " '" + name + "' does not exist");
    }

    private static NotFoundException notFound(VersionRef ref) {
        return notFound("version", ref);
    }

    private static NotFoundException notFound(String field, VersionRef ref) {
        return new NotFoundException(field, "version " + ref + " does not exist");
    }
}
