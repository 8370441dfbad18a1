package org.aegisml.registry.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.aegisml.api.ConflictException;
import org.aegisml.api.ForbiddenException;
import org.aegisml.api.PageRequest;
import org.aegisml.api.ValidationException;
import org.aegisml.api.audit.AuditEntry;
import org.aegisml.api.audit.AuditLog;
import org.aegisml.api.audit.AuditQuery;
import org.aegisml.api.registry.AliasChange;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.DatasetVersionSpec;
import org.aegisml.api.registry.LineageDirection;
import org.aegisml.api.registry.LineageNode;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.NewAsset;
import org.aegisml.api.registry.NewVersion;
import org.aegisml.api.registry.PromotionDecision;
import org.aegisml.api.registry.PromotionDeniedException;
import org.aegisml.api.registry.PromotionGate;
import org.aegisml.api.registry.PromptVersionSpec;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;

/** The registry as Declarative Services wires it, on the test database. */
class RegistryIntegrationTest {
    static final Actor OPERATOR = new Actor("k1", "olga", Role.OPERATOR);
    static Registry registry;
    static AuditLog audit;

    @BeforeAll
    static void start() throws Exception {
        TestRuntime.ensureStore();
        registry = TestRuntime.service(Registry.class);
        audit = TestRuntime.service(AuditLog.class);
    }

    static String unique(String p) {
        return p + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String model() {
        String name = unique("m");
        registry.create(new NewAsset(AssetType.MODEL, name, ModelKind.ML, null, Map.of()), OPERATOR);
        return name;
    }

    static AssetVersion version(String model, byte[] bytes) {
        return registry.addVersion(AssetType.MODEL, model, new NewVersion(new ModelVersionSpec("d", "sklearn", "pickle",
                Map.of(), Map.of(), Map.of(), List.of()), "model.pkl", "application/octet-stream",
                new ByteArrayInputStream(bytes)), OPERATOR);
    }

    static long blobs() throws Exception {
        Path dir = TestRuntime.dataDir().resolve("artifacts").resolve("sha256");
        if (!Files.exists(dir)) return 0;
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    static long auditCount() {
        return audit.list(new AuditQuery(null, null, null, null, null, PageRequest.first())).total();
    }

    @Test
    void versionNumbersAreDenseUnderConcurrency() throws Exception {
        String m = model();
        List<Integer> numbers = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int seed = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5; i++) {
                    numbers.add(version(m, ("t" + seed + "i" + i).getBytes(StandardCharsets.UTF_8)).version());
                }
            }));
        }
        for (Thread t : threads) t.join();
        Set<Integer> expected = new HashSet<>();
        for (int i = 1; i <= 30; i++) expected.add(i);
        assertEquals(expected, new HashSet<>(numbers));
        assertEquals(30, registry.find(AssetType.MODEL, m).orElseThrow().latestVersion());
    }

    @Test
    void artifactBytesComeBackExactlyAndIdenticalUploadsShareABlob() throws Exception {
        String m = model();
        byte[] bytes = new byte[10_000];
        new java.util.Random(1).nextBytes(bytes);
        AssetVersion v1 = version(m, bytes);
        long before = blobs();
        AssetVersion v2 = version(m, bytes);
        assertEquals(before, blobs());
        assertEquals(v1.artifact().sha256(), v2.artifact().sha256());
        try (InputStream in = registry.openArtifact(AssetType.MODEL, m, 2).content()) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    @Test
    void aFailedVersionLeavesNoBlobNoVersionAndNoAuditEntry() throws Exception {
        String m = model();
        long blobs = blobs();
        long entries = auditCount();
        byte[] fresh = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        ValidationException e = assertThrows(ValidationException.class, () -> registry.addVersion(AssetType.MODEL, m,
                new NewVersion(new ModelVersionSpec(null, null, null, null, null, null, null), "x".repeat(600), null,
                        new ByteArrayInputStream(fresh)), OPERATOR));
        assertEquals("filename", e.field());
        e = assertThrows(ValidationException.class, () -> registry.addVersion(AssetType.MODEL, m,
                new NewVersion(new ModelVersionSpec(null, null, null, null, Map.of("auc", Double.POSITIVE_INFINITY), null,
                        null), "m.bin", null, new ByteArrayInputStream(fresh)), OPERATOR));
        assertEquals("metrics", e.field());
        assertEquals(blobs, blobs());
        assertEquals(entries, auditCount());
        assertEquals(0, registry.find(AssetType.MODEL, m).orElseThrow().latestVersion());
        // A bad dataset is refused after it was received and hashed; nothing of it stays either.
        String d = unique("d");
        registry.create(new NewAsset(AssetType.DATASET, d, null, null, Map.of()), OPERATOR);
        entries = auditCount();
        assertThrows(ValidationException.class, () -> registry.addVersion(AssetType.DATASET, d, new NewVersion(
                new DatasetVersionSpec(null, null, 0, null), "bad.ndjson", null,
                new ByteArrayInputStream("{\"a\":1}\nnot json\n".getBytes(StandardCharsets.UTF_8))), OPERATOR));
        assertEquals(blobs, blobs());
        assertEquals(entries, auditCount());
    }

    @Test
    void workInTheVersionsTransactionCommitsOrRollsBackWithIt() throws Exception {
        String d = unique("d");
        registry.create(new NewAsset(AssetType.DATASET, d, null, null, Map.of()), OPERATOR);
        AssetVersion v1 = registry.addVersion(AssetType.DATASET, d, new NewVersion(new DatasetVersionSpec(null, null, 0, null),
                "d.csv", null, new ByteArrayInputStream("x,expected\n1,a\n".getBytes(StandardCharsets.UTF_8))), OPERATOR);
        long blobs = blobs();
        long entries = auditCount();
        byte[] fresh = ("x,expected\n1,a\n2," + UUID.randomUUID() + "\n").getBytes(StandardCharsets.UTF_8);
        NewVersion next = new NewVersion(new DatasetVersionSpec(null, null, 0, null), "d.csv", null, new ByteArrayInputStream(fresh));
        // The work sees the version it is about, and its failure undoes the version, the blob and the audit entry.
        int[] seen = { 0 };
        IllegalStateException boom = assertThrows(IllegalStateException.class, () -> registry.addVersion(AssetType.DATASET, d,
                next, OPERATOR, (tx, v) -> {
                    seen[0] = v.version();
                    tx.registry().insertEdge(new org.aegisml.api.registry.LineageEdge(v1.ref(), v.ref(),
                            org.aegisml.api.registry.LineageRelation.DERIVED_FROM, v.createdAt(), OPERATOR.name()));
                    throw new IllegalStateException("boom");
                }));
        assertEquals("boom", boom.getMessage());
        assertEquals(2, seen[0]);
        assertEquals(1, registry.find(AssetType.DATASET, d).orElseThrow().latestVersion());
        assertEquals(blobs, blobs());
        assertEquals(entries, auditCount());
        assertTrue(registry.lineage(v1.ref(), LineageDirection.DOWN, 3).stream().noneMatch(n -> n.version().version() > 1), "no edge to a version that was never registered");

        AssetVersion v2 = registry.addVersion(AssetType.DATASET, d, new NewVersion(new DatasetVersionSpec(null, null, 0, null),
                "d.csv", null, new ByteArrayInputStream(fresh)), OPERATOR, (tx, v) -> tx.registry().insertEdge(
                        new org.aegisml.api.registry.LineageEdge(v1.ref(), v.ref(),
                                org.aegisml.api.registry.LineageRelation.DERIVED_FROM, v.createdAt(), OPERATOR.name())));
        assertEquals(2, v2.version());
        assertTrue(registry.lineage(v1.ref(), LineageDirection.DOWN, 3).stream().anyMatch(n -> n.version().equals(v2.ref())));
    }

    @Test
    void everyWriteAppendsOneAuditEntryNamingTheActor() {
        long before = auditCount();
        String m = model();
        version(m, new byte[] { 1 });
        registry.setAlias(AssetType.MODEL, m, "champion", 1, "best", OPERATOR);
        assertEquals(before + 3, auditCount());
        List<AuditEntry> mine = audit.list(new AuditQuery(null, null, "models/" + m, null, null, PageRequest.first()))
                .items();
        assertEquals(List.of("model.alias.set", "model.version.create", "model.create"),
                mine.stream().map(AuditEntry::action).toList());
        assertTrue(mine.stream().allMatch(e -> e.actor().equals("olga")));
        assertTrue(audit.verify().valid());
    }

    @Test
    void viewersCannotWrite() {
        Actor viewer = new Actor("k2", "vera", Role.VIEWER);
        assertThrows(ForbiddenException.class,
                () -> registry.create(new NewAsset(AssetType.MODEL, unique("m"), ModelKind.ML, null, Map.of()), viewer));
    }

    @Test
    void promotionArchivesThePreviousProductionVersionAndMovesTheAlias() {
        String m = model();
        version(m, new byte[] { 1 });
        version(m, new byte[] { 2 });
        VersionRef v1 = new VersionRef(AssetType.MODEL, m, 1), v2 = new VersionRef(AssetType.MODEL, m, 2);
        registry.transition(v1, Stage.STAGING, null, OPERATOR);
        registry.transition(v1, Stage.PRODUCTION, "first", OPERATOR);
        registry.transition(v2, Stage.STAGING, null, OPERATOR);
        registry.transition(v2, Stage.PRODUCTION, "better", OPERATOR);
        assertEquals(Stage.ARCHIVED, registry.version(AssetType.MODEL, m, 1).orElseThrow().stage());
        assertEquals(2, registry.versionByAlias(AssetType.MODEL, m, "production").orElseThrow().version());
        // Rollback: the archived version once passed staging, so it may return to production.
        registry.transition(v1, Stage.PRODUCTION, "rollback", OPERATOR);
        assertEquals(Stage.ARCHIVED, registry.version(AssetType.MODEL, m, 2).orElseThrow().stage());
        List<AliasChange> history = registry.aliasHistory(AssetType.MODEL, m, "production");
        assertEquals(3, history.size());
        assertNull(history.get(0).fromVersion());
        assertEquals(2, history.get(2).fromVersion());
        assertEquals(1, history.get(2).toVersion());
        assertEquals(List.of(Stage.STAGING, Stage.PRODUCTION, Stage.ARCHIVED, Stage.PRODUCTION),
                registry.stageHistory(v1).stream().map(c -> c.to()).toList());
    }

    @Test
    void promotionGatesCanDenyAndTheDenialIsAudited() {
        String m = model();
        version(m, new byte[] { 3 });
        VersionRef v = new VersionRef(AssetType.MODEL, m, 1);
        registry.transition(v, Stage.STAGING, null, OPERATOR);
        PromotionGate gate = r -> r.to() == Stage.PRODUCTION && r.version().name().equals(m)
                ? PromotionDecision.deny("test-gate", "regression test failed")
                : PromotionDecision.allow("test-gate");
        ServiceRegistration<PromotionGate> reg = TestRuntime.context().registerService(PromotionGate.class, gate, null);
        try {
            PromotionDeniedException e = assertThrows(PromotionDeniedException.class,
                    () -> registry.transition(v, Stage.PRODUCTION, null, OPERATOR));
            assertEquals("test-gate", e.gate());
            assertEquals(Stage.STAGING, registry.version(AssetType.MODEL, m, 1).orElseThrow().stage());
            AuditEntry denial = audit.list(new AuditQuery(null, "version.stage.denied", "models/" + m, null, null, null))
                    .items().get(0);
            assertTrue(denial.after().contains("regression test failed"), denial.after());
        } finally {
            reg.unregister();
        }
        registry.transition(v, Stage.PRODUCTION, null, OPERATOR);
        assertEquals(Stage.PRODUCTION, registry.version(AssetType.MODEL, m, 1).orElseThrow().stage());
    }

    @Test
    void aGateThatThrowsDeniesRatherThanAllows() {
        String m = model();
        version(m, new byte[] { 4 });
        VersionRef v = new VersionRef(AssetType.MODEL, m, 1);
        ServiceRegistration<PromotionGate> reg = TestRuntime.context().registerService(PromotionGate.class,
                r -> {
                    throw new IllegalStateException("gate is broken");
                }, null);
        try {
            assertThrows(PromotionDeniedException.class, () -> registry.transition(v, Stage.STAGING, null, OPERATOR));
        } finally {
            reg.unregister();
        }
        assertEquals(Stage.NONE, registry.version(AssetType.MODEL, m, 1).orElseThrow().stage());
    }

    @Test
    void promptsLinkToTheirTargetModelVersion() {
        String m = model();
        version(m, new byte[] { 5 });
        String p = unique("p");
        registry.create(new NewAsset(AssetType.PROMPT, p, null, null, Map.of()), OPERATOR);
        AssetVersion pv = registry.addVersion(AssetType.PROMPT, p, new NewVersion(new PromptVersionSpec(null,
                "Answer {{question}}", null, m + ":1", Map.of("temperature", 0.2), "first"), null, null, null), OPERATOR);
        assertEquals(List.of("question"), ((PromptVersionSpec) pv.spec()).variables());
        List<LineageNode> up = registry.lineage(pv.ref(), LineageDirection.UP, 5);
        assertEquals(List.of(new VersionRef(AssetType.MODEL, m, 1)), up.stream().map(LineageNode::version).toList());
        assertThrows(ValidationException.class, () -> registry.addVersion(AssetType.PROMPT, p, new NewVersion(
                new PromptVersionSpec(null, "x", null, "no-such-model", null, null), null, null, null), OPERATOR));
        assertThrows(ValidationException.class, () -> registry.addVersion(AssetType.PROMPT, p, new NewVersion(
                new PromptVersionSpec(null, "x", null, m + ":9", null, null), null, null, null), OPERATOR));
        assertEquals(1, registry.find(AssetType.PROMPT, p).orElseThrow().latestVersion());
    }

    @Test
    void duplicatesConflictWithAClearMessage() {
        String m = model();
        ConflictException e = assertThrows(ConflictException.class,
                () -> registry.create(new NewAsset(AssetType.MODEL, m, ModelKind.LLM, null, Map.of()), OPERATOR));
        assertTrue(e.getMessage().contains("'" + m + "' already exists"), e.getMessage());
        assertFalse(registry.find(AssetType.MODEL, m).orElseThrow().kind() == ModelKind.LLM);
    }
}
