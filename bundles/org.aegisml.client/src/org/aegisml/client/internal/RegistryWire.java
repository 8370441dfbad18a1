package org.aegisml.client.internal;

import org.aegisml.api.registry.AliasChange;
import org.aegisml.api.registry.ArtifactRef;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.DatasetVersionSpec;
import org.aegisml.api.registry.LineageEdge;
import org.aegisml.api.registry.LineageNode;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.PromptVersionSpec;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.registry.VersionSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Versions, alias moves and lineage as the server's {@code RegistryRoutes} and {@code Views} write them. */
final class RegistryWire {
    private RegistryWire() {
    }

    /** A version: the type-specific fields of its spec sit at top level, next to the common ones. */
    static AssetVersion version(JsonNode n) {
        AssetType type = AssetType.parse(Wire.text(n, "type"));
        if (type == null) throw Wire.unreadable("a version", new IllegalArgumentException("type " + Wire.text(n, "type")));
        VersionSpec spec = switch (type) {
            case MODEL -> Wire.read(n, ModelVersionSpec.class);
            case PROMPT -> Wire.read(n, PromptVersionSpec.class);
            case DATASET -> Wire.read(n, DatasetVersionSpec.class);
        };
        String stage = Wire.text(n, "stage");
        return new AssetVersion(type, Wire.text(n, "name"), n.path("version").asInt(), spec,
                Wire.read(n.get("artifact"), ArtifactRef.class),
                stage == null ? null : Stage.valueOf(stage.toUpperCase(java.util.Locale.ROOT)), Wire.instant(n, "created_at"),
                Wire.text(n, "created_by"));
    }

    /** An alias move; the wire leaves out the asset, which the caller named. */
    static AliasChange alias(AssetType type, String name, JsonNode n) {
        return new AliasChange(type, name, Wire.text(n, "alias"), Wire.integer(n, "from_version"),
                Wire.integer(n, "to_version"), Wire.text(n, "actor"), Wire.text(n, "reason"), Wire.instant(n, "at"));
    }

    static LineageNode node(JsonNode n) {
        return new LineageNode(Wire.read(n, VersionRef.class), n.path("depth").asInt(),
                Wire.read(n.get("via"), LineageEdge.class));
    }

    /** The metadata of a new version, by type, as the server's version bodies take it. */
    static ObjectNode metadata(VersionSpec spec) {
        ObjectNode n = Wire.object();
        switch (spec) {
            case ModelVersionSpec m -> {
                n.put("description", m.description());
                n.put("framework", m.framework());
                n.put("format", m.format());
                n.set("params", Wire.tree(m.params()));
                n.set("metrics", Wire.tree(m.metrics()));
                n.set("tags", Wire.tree(m.tags()));
                n.set("signature", Wire.tree(m.signature()));
            }
            case PromptVersionSpec p -> {
                n.put("description", p.description());
                n.put("template", p.template());
                n.set("variables", Wire.tree(p.variables()));
                n.put("target_model", p.targetModel());
                n.set("parameters", Wire.tree(p.parameters()));
                n.put("commit_message", p.commitMessage());
            }
            case DatasetVersionSpec d -> {
                n.put("description", d.description());
                if (d.format() != null) n.put("format", d.format().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return n;
    }
}
