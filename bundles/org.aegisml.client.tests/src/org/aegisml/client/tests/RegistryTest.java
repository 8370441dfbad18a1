package org.aegisml.client.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.aegisml.api.ConflictException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.PageRequest;
import org.aegisml.api.TooLargeException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Approvals;
import org.aegisml.api.registry.AliasChange;
import org.aegisml.api.registry.ArtifactContent;
import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.AssetQuery;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.DatasetFormat;
import org.aegisml.api.registry.DatasetVersionSpec;
import org.aegisml.api.registry.FeatureSpec;
import org.aegisml.api.registry.LineageDirection;
import org.aegisml.api.registry.LineageEdge;
import org.aegisml.api.registry.LineageNode;
import org.aegisml.api.registry.LineageRelation;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.NewAsset;
import org.aegisml.api.registry.NewVersion;
import org.aegisml.api.registry.PromotionDeniedException;
import org.aegisml.api.registry.PromptVersionSpec;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.registry.StageChange;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Models, prompts and datasets, their versions, aliases, stages and lineage through the client. */
class RegistryTest {
    static Connection admin;
    static Registry registry;

    @BeforeAll
    static void start() throws Exception {
        admin = Fixtures.connect();
        registry = admin.service(Registry.class);
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    static NewVersion modelVersion(byte[] bytes) {
        return new NewVersion(new ModelVersionSpec("first", "sklearn", "pickle", Map.of("depth", 3, "lr", 0.1),
                Map.of("auc", 0.91), Map.of("team", "risk"), List.of(new FeatureSpec("age", "number"))), "model.pkl",
                "application/octet-stream", new ByteArrayInputStream(bytes));
    }

    @Test
    void aModelVersionIsUploadedReadAndDownloadedAsItWasSent() throws Exception {
        String m = Fixtures.unique("model");
        Asset a = registry.create(new NewAsset(AssetType.MODEL, m, ModelKind.ML, "churn", Map.of("owner", "risk")), null);
        assertEquals(new Asset(AssetType.MODEL, m, ModelKind.ML, "churn", Map.of("owner", "risk"), a.createdAt(),
                admin.actor().name(), 0, Map.of()), a);
        assertEquals("name", assertThrows(ConflictException.class, () -> registry.create(new NewAsset(AssetType.MODEL, m,
                ModelKind.ML, null, null), null)).field());

        byte[] bytes = ("weights of " + m).getBytes(StandardCharsets.UTF_8);
        AssetVersion v1 = registry.addVersion(AssetType.MODEL, m, modelVersion(bytes), null);
        assertEquals(1, v1.version());
        assertEquals(Stage.NONE, v1.stage());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), v1.artifact().sha256());
        assertEquals(bytes.length, v1.artifact().size());
        assertEquals("model.pkl", v1.artifact().filename());
        ModelVersionSpec spec = (ModelVersionSpec) v1.spec();
        assertEquals(Map.of("depth", 3, "lr", 0.1), spec.params());
        assertEquals(List.of(new FeatureSpec("age", "number")), spec.signature());
        assertEquals(v1, registry.version(AssetType.MODEL, m, 1).orElseThrow(), "uploaded and read back are equal");
        JsonNode json = Fixtures.get("/api/v1/models/" + m + "/versions/1");
        assertEquals(json.at("/artifact/sha256").asText(), v1.artifact().sha256());
        assertEquals(json.get("created_by").asText(), v1.createdBy());

        try (AutoCloseableContent content = wrap(registry.openArtifact(AssetType.MODEL, m, 1))) {
            assertEquals(v1, content.version());
            assertArrayEquals(bytes, content.content().readAllBytes());
        }
        AssetVersion v2 = registry.addVersion(AssetType.MODEL, m, modelVersion(new byte[] { 1, 2, 3 }), null);
        assertEquals(2, v2.version());
        var page = registry.versions(AssetType.MODEL, m, new PageRequest(1, 1));
        assertEquals(2, page.total());
        assertEquals(1, page.items().size());
        assertEquals(2, registry.find(AssetType.MODEL, m).orElseThrow().latestVersion());
        var listed = registry.list(new AssetQuery(AssetType.MODEL, ModelKind.ML, "owner=risk", m, null));
        assertEquals(1, listed.total());
        assertEquals(m, listed.items().get(0).name());

        assertTrue(registry.find(AssetType.MODEL, "ghost-" + m).isEmpty());
        assertTrue(registry.version(AssetType.MODEL, m, 9).isEmpty());
        assertThrows(NotFoundException.class, () -> registry.openArtifact(AssetType.MODEL, m, 9));
        assertEquals("type", assertThrows(ValidationException.class, () -> registry.list(new AssetQuery(null, null, null,
                null, null))).field());
        assertThrows(UnsupportedOperationException.class, () -> registry.addVersion(AssetType.MODEL, m, modelVersion(bytes),
                null, (tx, v) -> {
                }));
    }

    @Test
    void aliasesStagesPromptsDatasetsAndLineage() throws Exception {
        String m = Fixtures.model(2);
        AliasChange set = registry.setAlias(AssetType.MODEL, m, "champion", 1, "first", null);
        assertEquals(new AliasChange(AssetType.MODEL, m, "champion", null, 1, admin.actor().name(), "first", set.at()), set);
        AliasChange moved = registry.setAlias(AssetType.MODEL, m, "champion", 2, "better", null);
        assertEquals(1, moved.fromVersion());
        assertEquals(2, registry.versionByAlias(AssetType.MODEL, m, "champion").orElseThrow().version());
        assertEquals(List.of(set, moved), registry.aliasHistory(AssetType.MODEL, m, "champion").stream()
                .sorted((x, y) -> x.at().compareTo(y.at())).toList());
        AliasChange deleted = registry.deleteAlias(AssetType.MODEL, m, "champion", "retired", null);
        assertNull(deleted.toVersion());
        assertEquals("retired", deleted.reason());
        assertTrue(registry.versionByAlias(AssetType.MODEL, m, "champion").isEmpty());

        VersionRef v1 = new VersionRef(AssetType.MODEL, m, 1);
        StageChange staging = registry.transition(v1, Stage.STAGING, "try it", null);
        assertEquals(new StageChange(v1, Stage.NONE, Stage.STAGING, admin.actor().name(), "try it", staging.at()), staging);
        assertEquals("stage", assertThrows(ConflictException.class, () -> registry.transition(new VersionRef(AssetType.MODEL,
                m, 2), Stage.PRODUCTION, null, null)).field(), "production only after staging");
        assertEquals(Stage.PRODUCTION, registry.transition(v1, Stage.PRODUCTION, "ship", null).to());
        assertEquals(List.of(Stage.STAGING, Stage.PRODUCTION), registry.stageHistory(v1).stream().map(StageChange::to)
                .sorted().toList());

        String p = Fixtures.unique("prompt");
        registry.create(new NewAsset(AssetType.PROMPT, p, null, null, null), null);
        PromptVersionSpec ps = new PromptVersionSpec("greeting", "Hello {{name}}", List.of("name"), m,
                Map.of("temperature", 0.2), "first cut");
        AssetVersion pv = registry.addVersion(AssetType.PROMPT, p, new NewVersion(ps, null, null, null), null);
        assertEquals(ps, pv.spec());
        assertNull(pv.artifact());
        assertEquals("artifact", assertThrows(NotFoundException.class, () -> registry.openArtifact(AssetType.PROMPT, p, 1))
                .field());

        String d = Fixtures.unique("data");
        registry.create(new NewAsset(AssetType.DATASET, d, null, "rows", null), null);
        AssetVersion dv = registry.addVersion(AssetType.DATASET, d, new NewVersion(new DatasetVersionSpec("rows", null, 0,
                null), "train.csv", "text/csv", new ByteArrayInputStream("age,y_true\n30,1\n40,0\n".getBytes())), null);
        DatasetVersionSpec ds = (DatasetVersionSpec) dv.spec();
        assertEquals(DatasetFormat.CSV, ds.format());
        assertEquals(2, ds.rowCount(), "derived by the registry");
        assertEquals(dv, registry.version(AssetType.DATASET, d, 1).orElseThrow());

        VersionRef data = new VersionRef(AssetType.DATASET, d, 1);
        LineageEdge edge = registry.link(data, v1, LineageRelation.TRAINED_ON, null);
        assertEquals(data, edge.from());
        assertEquals(LineageRelation.TRAINED_ON, edge.relation());
        List<LineageNode> up = registry.lineage(v1, LineageDirection.UP, 1000);
        assertEquals(List.of(new LineageNode(data, 1, edge)), up);
        assertEquals(v1, registry.lineage(data, LineageDirection.DOWN, 1).get(0).version());
    }

    @Test
    void aGatedMoveToProductionIsAPromotionDeniedUntilAnotherApproverApproves() throws Exception {
        String m = Fixtures.unique("gated");
        registry.create(new NewAsset(AssetType.MODEL, m, ModelKind.ML, null, Map.of("approval", "required")), null);
        registry.addVersion(AssetType.MODEL, m, modelVersion(new byte[] { 9 }), null);
        VersionRef v1 = new VersionRef(AssetType.MODEL, m, 1);
        registry.transition(v1, Stage.STAGING, null, null);
        PromotionDeniedException denied = assertThrows(PromotionDeniedException.class,
                () -> registry.transition(v1, Stage.PRODUCTION, "ship", null));
        assertEquals("approval", denied.gate());
        assertEquals("stage", denied.field());
        try (Connection approver = Fixtures.connector().connect(Fixtures.uri(), Fixtures.key("approver").secret())) {
            Approvals approvals = approver.service(Approvals.class);
            var request = approvals.list(ApprovalState.PENDING).stream().filter(a -> a.subject().equals(v1.toString()))
                    .findFirst().orElseThrow();
            assertEquals("stage", request.kind());
            approvals.approve(request.id(), "fine", null);
        }
        assertEquals(Stage.PRODUCTION, registry.transition(v1, Stage.PRODUCTION, "ship", null).to());
    }

    @Test
    void tooLargeUploadsAreTooLargeExceptionsWithTheServersLimit() throws Exception {
        String p = Fixtures.unique("prompt");
        registry.create(new NewAsset(AssetType.PROMPT, p, null, null, null), null);
        TooLargeException json = assertThrows(TooLargeException.class, () -> registry.addVersion(AssetType.PROMPT, p,
                new NewVersion(new PromptVersionSpec(null, "x".repeat(100_000), null, null, null, null), null, null, null),
                null));
        assertEquals(64 * 1024, json.limit(), json.getMessage());
        String m = Fixtures.unique("model");
        registry.create(new NewAsset(AssetType.MODEL, m, ModelKind.ML, null, null), null);
        TooLargeException file = assertThrows(TooLargeException.class, () -> registry.addVersion(AssetType.MODEL, m,
                modelVersion(new byte[(1 << 20) + 1024]), null));
        assertEquals("artifact", file.field());
        assertEquals(0, registry.find(AssetType.MODEL, m).orElseThrow().latestVersion(), "nothing was registered");
    }

    /** An ArtifactContent that closes its stream, for try-with-resources. */
    private static AutoCloseableContent wrap(ArtifactContent c) {
        return new AutoCloseableContent(c);
    }

    private record AutoCloseableContent(ArtifactContent c) implements AutoCloseable {
        AssetVersion version() {
            return c.version();
        }

        InputStream content() {
            return c.content();
        }

        @Override
        public void close() throws Exception {
            c.content().close();
        }
    }
}
