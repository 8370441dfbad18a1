package org.aegisml.server.internal.routes;

import java.util.LinkedHashMap;
import java.util.Map;

import org.aegisml.api.Page;
import org.aegisml.api.registry.AliasChange;
import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.LineageEdge;
import org.aegisml.api.registry.LineageNode;
import org.aegisml.api.registry.StageChange;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.ApiKey;
import org.aegisml.server.internal.http.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** How API values look on the wire. */
final class Views {
    private Views() {
    }

    static Map<String, Object> page(Page<?> p, java.util.function.Function<Object, Object> item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", p.items().stream().map(item).toList());
        m.put("total", p.total());
        m.put("page", p.page());
        m.put("size", p.size());
        return m;
    }

    static Map<String, Object> asset(Asset a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("type", Json.lower(a.type()));
        if (a.kind() != null) m.put("kind", Json.lower(a.kind()));
        m.put("description", a.description());
        m.put("tags", a.tags());
        m.put("latest_version", a.latestVersion());
        m.put("aliases", a.aliases());
        m.put("created_at", a.createdAt());
        m.put("created_by", a.createdBy());
        return m;
    }

    /** A version with its type-specific fields at top level, next to the common ones. */
    static ObjectNode version(AssetVersion v) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("name", v.name());
        n.put("type", Json.lower(v.type()));
        n.put("version", v.version());
        n.put("stage", Json.lower(v.stage()));
        ObjectNode spec = Json.MAPPER.valueToTree(v.spec());
        n.setAll(spec);
        if (v.artifact() != null) {
            n.set("artifact", Json.MAPPER.valueToTree(v.artifact()));
            if (v.type() == org.aegisml.api.registry.AssetType.DATASET) n.put("content_hash", v.artifact().sha256());
        }
        n.put("created_at", v.createdAt().toString());
        n.put("created_by", v.createdBy());
        return n;
    }

    static Map<String, Object> refObject(VersionRef r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", Json.lower(r.type()));
        m.put("name", r.name());
        m.put("version", r.version());
        return m;
    }

    static Map<String, Object> alias(AliasChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alias", c.alias());
        m.put("from_version", c.fromVersion());
        m.put("to_version", c.toVersion());
        m.put("actor", c.actor());
        m.put("reason", c.reason());
        m.put("at", c.at());
        return m;
    }

    static Map<String, Object> stage(StageChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", refObject(c.version()));
        m.put("from", Json.lower(c.from()));
        m.put("to", Json.lower(c.to()));
        m.put("actor", c.actor());
        m.put("reason", c.reason());
        m.put("at", c.at());
        return m;
    }

    static Map<String, Object> edge(LineageEdge e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", refObject(e.from()));
        m.put("to", refObject(e.to()));
        m.put("relation", Json.lower(e.relation()));
        m.put("created_at", e.createdAt());
        m.put("created_by", e.createdBy());
        return m;
    }

    static Map<String, Object> node(LineageNode n) {
        Map<String, Object> m = new LinkedHashMap<>(refObject(n.version()));
        m.put("depth", n.depth());
        m.put("via", edge(n.via()));
        return m;
    }

    static Map<String, Object> key(ApiKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        m.put("name", k.name());
        m.put("role", Json.lower(k.role()));
        m.put("created_at", k.createdAt());
        m.put("created_by", k.createdBy());
        m.put("revoked_at", k.revokedAt());
        m.put("active", k.active());
        return m;
    }
}
