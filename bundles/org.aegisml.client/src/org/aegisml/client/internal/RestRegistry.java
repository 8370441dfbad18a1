package org.aegisml.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.Page;
import org.aegisml.api.PageRequest;
import org.aegisml.api.ValidationException;
import org.aegisml.api.registry.AliasChange;
import org.aegisml.api.registry.ArtifactContent;
import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.AssetQuery;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.LineageDirection;
import org.aegisml.api.registry.LineageEdge;
import org.aegisml.api.registry.LineageNode;
import org.aegisml.api.registry.LineageRelation;
import org.aegisml.api.registry.NewAsset;
import org.aegisml.api.registry.NewVersion;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.registry.StageChange;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.Actor;
import org.aegisml.api.store.StoreTx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link Registry} over {@code /api/v1/{models,prompts,datasets}} and {@code /api/v1/lineage}.
 * Model and dataset versions are uploaded as multipart (a {@code metadata} JSON part and the
 * file, streamed from the caller's stream); prompt versions as JSON. The {@code Actor}
 * arguments are ignored: the server knows the caller from the connection's key.
 */
final class RestRegistry implements Registry {
    /** The deepest lineage walk the server answers. */
    static final int MAX_DEPTH = 100;
    private final RestClient http;

    RestRegistry(RestClient http) {
        this.http = http;
    }

    @Override
    public Asset create(NewAsset a, Actor actor) {
        if (a == null || a.type() == null) throw new ValidationException("type", "type is required");
        ObjectNode body = Wire.object();
        body.put("name", a.name());
        if (a.kind() != null) body.put("kind", a.kind().name().toLowerCase(java.util.Locale.ROOT));
        body.put("description", a.description());
        body.set("tags", Wire.tree(a.tags()));
        return Wire.read(http.send("POST", base(a.type()), body), Asset.class);
    }

    @Override
    public Optional<Asset> find(AssetType type, String name) {
        return Remote.optional(() -> Wire.read(http.get(asset(type, name)), Asset.class), "name");
    }

    /** One type at a time, as the service itself requires. */
    @Override
    public Page<Asset> list(AssetQuery q) {
        if (q == null || q.type() == null) throw new ValidationException("type", "type is required");
        Query params = Query.of().add("kind", q.kind() == null ? null : q.kind().name().toLowerCase(java.util.Locale.ROOT))
                .add("tag", q.tag()).add("text", q.text()).page(q.page());
        return Wire.page(http.get(params.on(base(q.type()))), n -> Wire.read(n, Asset.class));
    }

    @Override
    public AssetVersion addVersion(AssetType type, String name, NewVersion v, Actor actor) {
        if (v == null || v.spec() == null) throw new ValidationException("spec", "a version spec is required");
        if (type != null && v.spec().type() != type) {
            throw new ValidationException("spec", "a " + v.spec().type().name().toLowerCase(java.util.Locale.ROOT)
                    + " spec cannot describe a version of a " + type.name().toLowerCase(java.util.Locale.ROOT));
        }
        String path = asset(type, name) + "/versions";
        ObjectNode metadata = RegistryWire.metadata(v.spec());
        if (type == AssetType.PROMPT) return RegistryWire.version(http.send("POST", path, metadata));
        if (v.content() == null) throw new ValidationException(type == AssetType.DATASET ? "file" : "artifact", "a file is required");
        String boundary = "aegisml-" + UUID.randomUUID();
        return RegistryWire.version(http.json("POST", path, multipart(boundary, metadata, type == AssetType.DATASET ? "file"
                : "artifact", v), "multipart/form-data; boundary=" + boundary));
    }

    @Override
    public AssetVersion addVersion(AssetType type, String name, NewVersion version, Actor actor,
            BiConsumer<StoreTx, AssetVersion> with) {
        throw Remote.serverOnly("Registry.addVersion with work in the version's transaction");
    }

    @Override
    public Optional<AssetVersion> version(AssetType type, String name, int version) {
        return Remote.optional(() -> RegistryWire.version(http.get(versionPath(type, name, version))), "version");
    }

    @Override
    public Optional<AssetVersion> versionByAlias(AssetType type, String name, String alias) {
        return Remote.optional(() -> RegistryWire.version(http.get(aliasPath(type, name, alias))), "alias");
    }

    @Override
    public Page<AssetVersion> versions(AssetType type, String name, PageRequest page) {
        return Wire.page(http.get(Query.of().page(page).on(asset(type, name) + "/versions")), RegistryWire::version);
    }

    /** The version's metadata first (for its size, type and hash), then its bytes, streamed. */
    @Override
    public ArtifactContent openArtifact(AssetType type, String name, int version) {
        AssetVersion v = version(type, name, version).orElseThrow(() -> new NotFoundException("version",
                "version " + new VersionRef(type, name, version) + " does not exist"));
        if (v.artifact() == null) throw new NotFoundException("artifact", "version " + v.ref() + " has no artifact");
        return new ArtifactContent(v, http.open(versionPath(type, name, version) + "/artifact"));
    }

    @Override
    public AliasChange setAlias(AssetType type, String name, String alias, int version, String reason, Actor actor) {
        ObjectNode body = Wire.object();
        body.put("version", version);
        body.put("reason", reason);
        return RegistryWire.alias(type, name, http.send("PUT", aliasPath(type, name, alias), body));
    }

    @Override
    public AliasChange deleteAlias(AssetType type, String name, String alias, String reason, Actor actor) {
        return RegistryWire.alias(type, name, http.delete(Query.of().add("reason", reason).on(aliasPath(type, name, alias))));
    }

    @Override
    public List<AliasChange> aliasHistory(AssetType type, String name, String alias) {
        return Wire.items(http.get(aliasPath(type, name, alias) + "/history"), n -> RegistryWire.alias(type, name, n));
    }

    @Override
    public StageChange transition(VersionRef version, Stage to, String reason, Actor actor) {
        if (version == null) throw new ValidationException("version", "version is required");
        ObjectNode body = Wire.object();
        body.put("stage", to == null ? null : to.name().toLowerCase(java.util.Locale.ROOT));
        body.put("reason", reason);
        return Wire.read(http.send("POST", versionPath(version.type(), version.name(), version.version()) + "/stage", body),
                StageChange.class);
    }

    @Override
    public List<StageChange> stageHistory(VersionRef version) {
        if (version == null) throw new ValidationException("version", "version is required");
        return Wire.items(http.get(versionPath(version.type(), version.name(), version.version()) + "/stages"),
                StageChange.class);
    }

    @Override
    public LineageEdge link(VersionRef from, VersionRef to, LineageRelation relation, Actor actor) {
        ObjectNode body = Wire.object();
        body.put("from", from == null ? null : from.toString());
        body.put("to", to == null ? null : to.toString());
        body.put("relation", relation == null ? null : relation.name().toLowerCase(java.util.Locale.ROOT));
        return Wire.read(http.send("POST", "/api/v1/lineage", body), LineageEdge.class);
    }

    /** Walks at most {@value #MAX_DEPTH} edges deep, the most the server answers. */
    @Override
    public List<LineageNode> lineage(VersionRef start, LineageDirection direction, int maxDepth) {
        if (start == null) throw new ValidationException("start", "start is required");
        Query q = Query.of().add("direction", direction == null ? null : direction.name().toLowerCase(java.util.Locale.ROOT))
                .add("depth", Math.min(maxDepth, MAX_DEPTH));
        return Wire.items(http.get(q.on("/api/v1/lineage/" + start.type().collection() + "/"
                + RestClient.seg("name", start.name()) + "/" + start.version())), RegistryWire::node);
    }

    /**
     * The multipart body, the file streamed from the caller's stream as the server reads it; the
     * file name and media type travel in the part's headers.
     */
    private static BodyPublisher multipart(String boundary, ObjectNode metadata, String filePart, NewVersion v) {
        byte[] meta;
        try {
            meta = Wire.MAPPER.writeValueAsBytes(metadata);
        } catch (JsonProcessingException e) {
            throw new ValidationException("metadata", "cannot write the metadata as JSON: " + e.getOriginalMessage(), e);
        }
        String filename = v.filename() == null ? filePart : v.filename().replaceAll("[\"\\\\\\r\\n]", "_");
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n";
        String fileHead = "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + filePart + "\"; filename=\""
                + filename + "\"\r\nContent-Type: " + (v.mediaType() == null ? "application/octet-stream"
                        : v.mediaType().replaceAll("[\\r\\n]", "")) + "\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        InputStream content = v.content();
        return BodyPublishers.concat(BodyPublishers.ofByteArray(head.getBytes(StandardCharsets.UTF_8)),
                BodyPublishers.ofByteArray(meta), BodyPublishers.ofByteArray(fileHead.getBytes(StandardCharsets.UTF_8)),
                BodyPublishers.ofInputStream(() -> new Unclosed(content)),
                BodyPublishers.ofByteArray(tail.getBytes(StandardCharsets.UTF_8)));
    }

    /** The caller's stream is the caller's to close, as with the registry in process. */
    private static final class Unclosed extends java.io.FilterInputStream {
        Unclosed(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            // left open for its owner
        }
    }

    private static String base(AssetType type) {
        if (type == null) throw new ValidationException("type", "type is required");
        return "/api/v1/" + type.collection();
    }

    private static String asset(AssetType type, String name) {
        return base(type) + "/" + RestClient.seg("name", name);
    }

    private static String versionPath(AssetType type, String name, int version) {
        return asset(type, name) + "/versions/" + version;
    }

    private static String aliasPath(AssetType type, String name, String alias) {
        return asset(type, name) + "/aliases/" + RestClient.seg("alias", alias);
    }

    @Override
    public String toString() {
        return "RestRegistry[" + http.server() + "]";
    }
}
