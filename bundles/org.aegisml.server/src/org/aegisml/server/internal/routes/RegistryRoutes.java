package org.aegisml.server.internal.routes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.registry.ArtifactContent;
import org.aegisml.api.registry.AssetQuery;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.DatasetVersionSpec;
import org.aegisml.api.registry.LineageDirection;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.NewAsset;
import org.aegisml.api.registry.NewVersion;
import org.aegisml.api.registry.PromptVersionSpec;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.registry.VersionSpec;
import org.aegisml.api.security.Role;
import org.aegisml.server.internal.http.ApiRequest;
import org.aegisml.server.internal.http.HttpError;
import org.aegisml.server.internal.http.Json;
import org.aegisml.server.internal.http.Reply;
import org.aegisml.server.internal.http.Route;
import org.aegisml.server.internal.http.Router;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;

import com.fasterxml.jackson.databind.JsonNode;

/** Models, prompts and datasets over REST: the same shape under /api/v1/{models,prompts,datasets}. */
public final class RegistryRoutes {
    private final Registry registry;
    private final long maxJsonBytes;
    private final long maxArtifactBytes;
    private final Path uploadDir;

    public RegistryRoutes(Registry registry, long maxJsonBytes, long maxArtifactBytes, Path uploadDir) {
        this.registry = registry;
        this.maxJsonBytes = maxJsonBytes;
        this.maxArtifactBytes = maxArtifactBytes;
        this.uploadDir = uploadDir;
    }

    public void register(Router router) {
        for (AssetType type : AssetType.values()) {
            String base = "/api/v1/" + type.collection();
            router.add(new Route("POST", base, Role.OPERATOR, r -> create(type, r)));
            router.add(new Route("GET", base, Role.VIEWER, r -> list(type, r)));
            router.add(new Route("GET", base + "/{name}", Role.VIEWER, r -> get(type, r)));
            router.add(new Route("POST", base + "/{name}/versions", Role.OPERATOR, r -> addVersion(type, r)));
            router.add(new Route("GET", base + "/{name}/versions", Role.VIEWER, r -> versions(type, r)));
            router.add(new Route("GET", base + "/{name}/versions/{version}", Role.VIEWER, r -> version(type, r)));
            router.add(new Route("GET", base + "/{name}/versions/{version}/stages", Role.VIEWER,
                    r -> Reply.ok(Map.of("items", registry.stageHistory(ref(type, r)).stream().map(Views::stage).toList()))));
            router.add(new Route("POST", base + "/{name}/versions/{version}/stage", Role.OPERATOR, r -> stage(type, r)));
            router.add(new Route("GET", base + "/{name}/aliases/{alias}", Role.VIEWER, r -> alias(type, r)));
            router.add(new Route("PUT", base + "/{name}/aliases/{alias}", Role.OPERATOR, r -> setAlias(type, r)));
            router.add(new Route("DELETE", base + "/{name}/aliases/{alias}", Role.OPERATOR, r -> deleteAlias(type, r)));
            router.add(new Route("GET", base + "/{name}/aliases/{alias}/history", Role.VIEWER,
                    r -> Reply.ok(Map.of("items", registry.aliasHistory(type, r.path("name"), r.path("alias")).stream()
                            .map(Views::alias).toList()))));
            if (type != AssetType.PROMPT) {
                router.add(new Route("GET", base + "/{name}/versions/{version}/artifact", Role.VIEWER,
                        r -> artifact(type, r)));
            }
        }
        router.add(new Route("POST", "/api/v1/lineage", Role.OPERATOR, this::link));
        router.add(new Route("GET", "/api/v1/lineage/{type}/{name}/{version}", Role.VIEWER, this::lineage));
    }

    private Reply create(AssetType type, ApiRequest r) throws IOException {
        Bodies.CreateAsset b = r.json(Bodies.CreateAsset.class);
        var a = registry.create(new NewAsset(type, b.name(), b.kind(), b.description(), b.tags()), r.actor());
        return Reply.created("/api/v1/" + type.collection() + "/" + a.name(), Views.asset(a));
    }

    private Reply list(AssetType type, ApiRequest r) {
        ModelKind kind = null;
        if (r.query("kind") != null) {
            if (type != AssetType.MODEL) throw new ValidationException("kind", "only models have a kind");
            try {
                kind = ModelKind.valueOf(r.query("kind").toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ValidationException("kind", "kind must be ml or llm");
            }
        }
        var page = registry.list(new AssetQuery(type, kind, r.query("tag"), r.query("text"), r.page()));
        return Reply.ok(Views.page(page, a -> Views.asset((org.aegisml.api.registry.Asset) a)));
    }

    private Reply get(AssetType type, ApiRequest r) {
        return Reply.ok(Views.asset(registry.find(type, r.path("name")).orElseThrow(() -> notFound(type, r.path("name")))));
    }

    private Reply versions(AssetType type, ApiRequest r) {
        return Reply.ok(Views.page(registry.versions(type, r.path("name"), r.page()), v -> Views.version((AssetVersion) v)));
    }

    private Reply version(AssetType type, ApiRequest r) {
        VersionRef ref = ref(type, r);
        return Reply.ok(Views.version(registry.version(type, ref.name(), ref.version())
                .orElseThrow(() -> new NotFoundException("version", "version " + ref + " does not exist"))));
    }

    private Reply artifact(AssetType type, ApiRequest r) {
        VersionRef ref = ref(type, r);
        ArtifactContent opened = registry.openArtifact(type, ref.name(), ref.version());
        AssetVersion v = opened.version();
        InputStream in = opened.content();
        String media = v.artifact().mediaType() == null ? "application/octet-stream" : v.artifact().mediaType();
        Reply reply = Reply.stream(media, in).header("Content-Length", Long.toString(v.artifact().size()))
                .header("ETag", "\"sha256:" + v.artifact().sha256() + "\"")
                .header("Digest", "sha-256=" + java.util.Base64.getEncoder().encodeToString(
                        java.util.HexFormat.of().parseHex(v.artifact().sha256())));
        if (v.artifact().filename() != null) {
            reply.header("Content-Disposition", "attachment; filename=\""
                    + v.artifact().filename().replaceAll("[\"\\\\\\r\\n]", "_") + "\"");
        }
        return reply;
    }

    private Reply stage(AssetType type, ApiRequest r) throws IOException {
        Bodies.StageBody b = r.json(Bodies.StageBody.class);
        var change = registry.transition(ref(type, r), b.stage(), b.reason(), r.actor());
        return Reply.ok(Views.stage(change));
    }

    private Reply alias(AssetType type, ApiRequest r) {
        String name = r.path("name");
        String alias = r.path("alias");
        return Reply.ok(Views.version(registry.versionByAlias(type, name, alias).orElseThrow(() -> new NotFoundException(
                "alias", Json.lower(type) + " '" + name + "' has no alias '" + alias + "'"))));
    }

    private Reply setAlias(AssetType type, ApiRequest r) throws IOException {
        Bodies.AliasBody b = r.json(Bodies.AliasBody.class);
        if (b.version() == null) throw new ValidationException("version", "version is required");
        return Reply.ok(Views.alias(registry.setAlias(type, r.path("name"), r.path("alias"), b.version(), b.reason(),
                r.actor())));
    }

    private Reply deleteAlias(AssetType type, ApiRequest r) {
        return Reply.ok(Views.alias(registry.deleteAlias(type, r.path("name"), r.path("alias"), r.query("reason"),
                r.actor())));
    }

    // ---- versions: JSON for prompts, multipart (metadata + file) for models and datasets

    private Reply addVersion(AssetType type, ApiRequest r) throws Exception {
        String name = r.path("name");
        AssetVersion v;
        if (type == AssetType.PROMPT && r.isJson()) {
            v = registry.addVersion(type, name, new NewVersion(promptSpec(Json.MAPPER.readTree(r.body(maxJsonBytes))),
                    null, null, null), r.actor());
        } else if (r.isMultipart()) {
            v = addMultipartVersion(type, name, r);
        } else {
            throw new HttpError(415, null, type == AssetType.PROMPT
                    ? "send the prompt version as application/json"
                    : "send multipart/form-data with a 'metadata' JSON part and "
                            + (type == AssetType.DATASET ? "a 'file'" : "an 'artifact'") + " file part");
        }
        return Reply.created("/api/v1/" + type.collection() + "/" + name + "/versions/" + v.version(), Views.version(v));
    }

    private AssetVersion addMultipartVersion(AssetType type, String name, ApiRequest r) throws Exception {
        String boundary = MultiPart.extractBoundary(r.jetty().getHeaders().get(HttpHeader.CONTENT_TYPE));
        if (boundary == null) throw new HttpError(400, null, "multipart/form-data without a boundary");
        long declared = r.jetty().getLength();
        long limit = maxArtifactBytes + maxJsonBytes;
        if (declared > limit) throw new HttpError(413, "artifact", "the upload is larger than the limit of " + limit + " bytes");
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setFilesDirectory(uploadDir);
        parser.setMaxMemoryFileSize(1 << 20);
        parser.setMaxFileSize(maxArtifactBytes);
        parser.setMaxLength(limit);
        parser.setMaxParts(8);
        MultiPartFormData.Parts parts;
        try {
            parts = parser.parse(r.jetty()).get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof org.eclipse.jetty.http.BadMessageException bad && bad.getCode() == 413
                    || c != null && String.valueOf(c.getMessage()).contains("max")) {
                throw new HttpError(413, "artifact", "the upload is larger than the limit: " + c.getMessage());
            }
            throw new HttpError(400, null, "malformed multipart body: " + (c == null ? e : c.getMessage()));
        }
        try (parts) {
            MultiPart.Part meta = parts.getFirst("metadata");
            String fileField = type == AssetType.DATASET && parts.getFirst("file") != null ? "file" : "artifact";
            MultiPart.Part file = parts.getFirst(fileField);
            for (MultiPart.Part p : parts) {
                if (!p.getName().equals("metadata") && !p.getName().equals(fileField)) {
                    throw new ValidationException(p.getName(), "unexpected part '" + p.getName() + "'");
                }
            }
            JsonNode metadata = meta == null ? Json.MAPPER.createObjectNode()
                    : Json.MAPPER.readTree(meta.getContentAsString(StandardCharsets.UTF_8));
            if (metadata == null || !metadata.isObject()) {
                throw new ValidationException("metadata", "the metadata part must be a JSON object");
            }
            if (meta == null && type == AssetType.MODEL) {
                throw new ValidationException("metadata", "a 'metadata' part with the version's JSON is required");
            }
            VersionSpec spec = switch (type) {
                case MODEL -> modelSpec(metadata);
                case PROMPT -> promptSpec(metadata);
                case DATASET -> datasetSpec(metadata);
            };
            if (type == AssetType.PROMPT) {
                if (file != null) throw new ValidationException(fileField, "prompt versions carry no file");
                return registry.addVersion(type, name, new NewVersion(spec, null, null, null), r.actor());
            }
            if (file == null) {
                throw new ValidationException(fileField, "a '" + fileField + "' file part is required");
            }
            String mediaType = file.getHeaders().get(HttpHeader.CONTENT_TYPE);
            try (InputStream in = Content.Source.asInputStream(file.getContentSource())) {
                return registry.addVersion(type, name, new NewVersion(spec, file.getFileName(), mediaType, in), r.actor());
            }
        }
    }

    private static ModelVersionSpec modelSpec(JsonNode n) throws IOException {
        Bodies.ModelVersionMetadata m = Json.MAPPER.treeToValue(n, Bodies.ModelVersionMetadata.class);
        return new ModelVersionSpec(m.description(), m.framework(), m.format(), m.params(), m.metrics(), m.tags(),
                m.signature());
    }

    private static PromptVersionSpec promptSpec(JsonNode n) throws IOException {
        if (n == null || !n.isObject()) throw new ValidationException(null, "the body must be a JSON object");
        Bodies.PromptVersionBody p = Json.MAPPER.treeToValue(n, Bodies.PromptVersionBody.class);
        return new PromptVersionSpec(p.description(), p.template(), p.variables(), p.targetModel(), p.parameters(),
                p.commitMessage());
    }

    private static DatasetVersionSpec datasetSpec(JsonNode n) throws IOException {
        Bodies.DatasetVersionMetadata d = Json.MAPPER.treeToValue(n, Bodies.DatasetVersionMetadata.class);
        return new DatasetVersionSpec(d.description(), d.format(), 0, null);
    }

    // ---- lineage

    private Reply link(ApiRequest r) throws IOException {
        Bodies.LineageBody b = r.json(Bodies.LineageBody.class);
        VersionRef from = parseRef("from", b.from());
        VersionRef to = parseRef("to", b.to());
        return Reply.json(201, Views.edge(registry.link(from, to, b.relation(), r.actor())));
    }

    private Reply lineage(ApiRequest r) {
        AssetType type = AssetType.parse(r.path("type"));
        if (type == null) throw new NotFoundException("type", "unknown type '" + r.path("type") + "'");
        VersionRef start = new VersionRef(type, r.path("name"), r.pathInt("version"));
        String dir = r.query("direction") == null ? "down" : r.query("direction");
        LineageDirection direction = switch (dir.toLowerCase(java.util.Locale.ROOT)) {
            case "up" -> LineageDirection.UP;
            case "down" -> LineageDirection.DOWN;
            default -> throw new ValidationException("direction", "direction must be up or down");
        };
        var nodes = registry.lineage(start, direction, r.queryInt("depth", 100, 1, 100));
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("start", Views.refObject(start));
        body.put("direction", dir.toLowerCase(java.util.Locale.ROOT));
        body.put("items", nodes.stream().map(Views::node).toList());
        return Reply.ok(body);
    }

    /** A version reference: {@code "models/churn/3"} or {@code {"type":"model","name":"churn","version":3}}. */
    static VersionRef parseRef(String field, JsonNode n) {
        if (n == null || n.isNull()) throw new ValidationException(field, field + " is required");
        if (n.isTextual()) {
            String[] p = n.asText().split("/");
            if (p.length == 3 && AssetType.parse(p[0]) != null) {
                try {
                    return new VersionRef(AssetType.parse(p[0]), p[1], Integer.parseInt(p[2]));
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
            throw new ValidationException(field, field + " must look like models/<name>/<version>");
        }
        if (n.isObject()) {
            JsonNode t = n.get("type"), name = n.get("name"), v = n.get("version");
            AssetType type = t == null ? null : AssetType.parse(t.asText());
            if (type == null) throw new ValidationException(field + ".type", "type must be model, prompt or dataset");
            if (name == null || !name.isTextual()) throw new ValidationException(field + ".name", "name is required");
            if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
                throw new ValidationException(field + ".version", "version must be an integer");
            }
            return new VersionRef(type, name.asText(), v.asInt());
        }
        throw new ValidationException(field, field + " must be a string or an object");
    }

    private static VersionRef ref(AssetType type, ApiRequest r) {
        return new VersionRef(type, r.path("name"), r.pathInt("version"));
    }

    private static NotFoundException notFound(AssetType type, String name) {
        return new NotFoundException("name", Json.lower(type) + " '" + name + "' does not exist");
    }
}
