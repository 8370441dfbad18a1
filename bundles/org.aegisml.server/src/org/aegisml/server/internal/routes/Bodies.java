package org.aegisml.server.internal.routes;

import java.util.List;
import java.util.Map;

import org.aegisml.api.registry.DatasetFormat;
import org.aegisml.api.registry.FeatureSpec;
import org.aegisml.api.registry.LineageRelation;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.security.Role;

import com.fasterxml.jackson.databind.JsonNode;

/** Request bodies of the REST API, as the JSON arrives (snake_case on the wire). */
final class Bodies {
    private Bodies() {
    }

    record CreateAsset(String name, ModelKind kind, String description, Map<String, String> tags) {
    }

    record ModelVersionMetadata(String description, String framework, String format, Map<String, Object> params,
            Map<String, Double> metrics, Map<String, String> tags, List<FeatureSpec> signature) {
    }

    record PromptVersionBody(String description, String template, List<String> variables, String targetModel,
            Map<String, Object> parameters, String commitMessage) {
    }

    record DatasetVersionMetadata(String description, DatasetFormat format) {
    }

    record AliasBody(Integer version, String reason) {
    }

    record StageBody(Stage stage, String reason) {
    }

    record LineageBody(JsonNode from, JsonNode to, LineageRelation relation) {
    }

    record KeyBody(String name, Role role) {
    }

    record ScopeBody(String model, Integer version, String endpoint, String arm) {
    }

    /** Enums and durations as strings: parsed by AlertRoutes, which names the valid values. */
    record RuleBody(String name, String metric, String condition, Double threshold, String window, String severity,
            ScopeBody scope, String renotify, List<String> destinations, Boolean enabled) {
    }

    record DestinationBody(String name, String channel, Map<String, String> settings) {
    }
}
