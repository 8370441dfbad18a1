package org.aegisml.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.aegisml.api.ConflictException;
import org.aegisml.api.PageRequest;
import org.aegisml.api.artifact.ArtifactStore;
import org.aegisml.api.audit.AuditEntry;
import org.aegisml.api.audit.AuditLog;
import org.aegisml.api.audit.AuditQuery;
import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.audit.AuditVerification;
import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.AssetQuery;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.LineageDirection;
import org.aegisml.api.registry.LineageEdge;
import org.aegisml.api.registry.LineageNode;
import org.aegisml.api.registry.LineageRelation;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.store.Store;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store as DS wires it, on H2 or (with -Daegisml.test.db.url) PostgreSQL. */
class StoreIntegrationTest {
    static Store store;
    static AuditLog audit;

    @BeforeAll
    static void start() throws Exception {
        TestRuntime.ensureStore();
        store = TestRuntime.service(Store.class);
        audit = TestRuntime.service(AuditLog.class);
        assertNotNull(TestRuntime.service(ArtifactStore.class));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Asset model(String name) {
        return new Asset(AssetType.MODEL, name, ModelKind.ML, "d", Map.of("team", "risk"),
                Instant.now().truncatedTo(ChronoUnit.MICROS), "tester", 0, Map.of());
    }

    private static AssetVersion version(String name, int n) {
        return new AssetVersion(AssetType.MODEL, name, n,
                new ModelVersionSpec("v" + n, "sklearn", "pickle", Map.of("depth", 3), Map.of("auc", 0.9), Map.of(),
                        List.of()),
                null, Stage.NONE, Instant.now().truncatedTo(ChronoUnit.MICROS), "tester");
    }

    @Test
    void dialectMatchesTheConfiguration() {
        assertEquals(TestRuntime.postgres() ? "postgresql" : "h2", store.dialect());
        assertTrue(store.healthy());
    }

    @Test
    void assetsRoundTripAndDuplicatesConflict() {
        String name = unique("m");
        store.write(tx -> tx.registry().insertAsset(model(name)));
        Asset read = store.read(tx -> tx.registry().findAsset(AssetType.MODEL, name)).orElseThrow();
        assertEquals(ModelKind.ML, read.kind());
        assertEquals(Map.of("team", "risk"), read.tags());
        ConflictException e = assertThrows(ConflictException.class,
                () -> store.write(tx -> tx.registry().insertAsset(model(name))));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        // Same name, other type: separate name space.
        store.write(tx -> tx.registry().insertAsset(new Asset(AssetType.PROMPT, name, null, null, Map.of(),
                Instant.now(), "tester", 0, Map.of())));
    }

    @Test
    void failedUnitOfWorkLeavesNothing() {
        String name = unique("rollback");
        long before = audit.list(new AuditQuery(null, null, null, null, null, PageRequest.first())).total();
        assertThrows(IllegalStateException.class, () -> store.write(tx -> {
            tx.registry().insertAsset(model(name));
            tx.audit().append(new AuditRecord("tester", "model.create", "models/" + name, null, "{}"));
            throw new IllegalStateException("boom");
        }));
        assertTrue(store.read(tx -> tx.registry().findAsset(AssetType.MODEL, name)).isEmpty());
        assertEquals(before, audit.list(new AuditQuery(null, null, null, null, null, PageRequest.first())).total());
        assertTrue(audit.verify().valid());
    }

    @Test
    void versionsAreNumberedAndSpecsSurvive() {
        String name = unique("v");
        store.write(tx -> tx.registry().insertAsset(model(name)));
        for (int i = 0; i < 3; i++) {
            store.write(tx -> {
                int n = tx.registry().reserveNextVersion(AssetType.MODEL, name);
                tx.registry().insertVersion(version(name, n));
                return n;
            });
        }
        var page = store.read(tx -> tx.registry().listVersions(AssetType.MODEL, name, PageRequest.first()));
        assertEquals(3, page.total());
        assertEquals(List.of(3, 2, 1), page.items().stream().map(AssetVersion::version).toList());
        ModelVersionSpec spec = (ModelVersionSpec) page.items().get(0).spec();
        assertEquals(3, ((Number) spec.params().get("depth")).intValue());
        assertEquals(0.9, spec.metrics().get("auc"));
        assertEquals(3, store.read(tx -> tx.registry().findAsset(AssetType.MODEL, name)).orElseThrow().latestVersion());
    }

    @Test
    void listFiltersByKindTagAndText() {
        String tagValue = unique("tv");
        String name = unique("findme");
        store.write(tx -> tx.registry().insertAsset(new Asset(AssetType.MODEL, name, ModelKind.LLM, "Support Bot",
                Map.of("owner", tagValue), Instant.now(), "tester", 0, Map.of())));
        var byTag = store.read(tx -> tx.registry().listAssets(
                new AssetQuery(AssetType.MODEL, null, "owner=" + tagValue, null, null)));
        assertEquals(List.of(name), byTag.items().stream().map(Asset::name).toList());
        var byText = store.read(tx -> tx.registry().listAssets(
                new AssetQuery(AssetType.MODEL, ModelKind.LLM, null, "support bot", new PageRequest(1, 500))));
        assertTrue(byText.items().stream().anyMatch(a -> a.name().equals(name)));
        var wrongKind = store.read(tx -> tx.registry().listAssets(
                new AssetQuery(AssetType.MODEL, ModelKind.ML, "owner=" + tagValue, null, null)));
        assertEquals(0, wrongKind.total());
    }

    @Test
    void lineageWalksBothWaysToAnyDepthWithoutLooping() {
        String a = unique("a"), b = unique("b"), c = unique("c");
        for (String n : List.of(a, b, c)) {
            store.write(tx -> {
                tx.registry().insertAsset(model(n));
                tx.registry().insertVersion(version(n, tx.registry().reserveNextVersion(AssetType.MODEL, n)));
                return null;
            });
        }
        VersionRef ra = new VersionRef(AssetType.MODEL, a, 1), rb = new VersionRef(AssetType.MODEL, b, 1),
                rc = new VersionRef(AssetType.MODEL, c, 1);
        store.write(tx -> {
            tx.registry().insertEdge(new LineageEdge(ra, rb, LineageRelation.PARENT_OF, Instant.now(), "t"));
            tx.registry().insertEdge(new LineageEdge(rb, rc, LineageRelation.PARENT_OF, Instant.now(), "t"));
            tx.registry().insertEdge(new LineageEdge(rc, ra, LineageRelation.USES, Instant.now(), "t"));
            return null;
        });
        List<LineageNode> down = store.read(tx -> tx.registry().walk(ra, LineageDirection.DOWN, 10));
        assertEquals(List.of(rb, rc), down.stream().map(LineageNode::version).toList());
        assertEquals(List.of(1, 2), down.stream().map(LineageNode::depth).toList());
        List<LineageNode> up = store.read(tx -> tx.registry().walk(rc, LineageDirection.UP, 1));
        assertEquals(List.of(rb), up.stream().map(LineageNode::version).toList());
        assertThrows(ConflictException.class, () -> store.write(tx -> {
            tx.registry().insertEdge(new LineageEdge(ra, rb, LineageRelation.PARENT_OF, Instant.now(), "t"));
            return null;
        }));
    }

    @Test
    void tamperedAuditRowIsDetectedAndNamed() throws Exception {
        AuditEntry mine = store.write(tx -> tx.audit().append(
                new AuditRecord("tester", "test.tamper", "tests/" + unique("t"), null, "{\"x\":1}")));
        store.write(tx -> tx.audit().append(new AuditRecord("tester", "test.after", "tests/x", null, null)));
        assertTrue(audit.verify().valid());
        try (Connection c = TestRuntime.rawConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_entry SET actor = ? WHERE seq = ?")) {
                ps.setString(1, "mallory");
                ps.setLong(2, mine.seq());
                assertEquals(1, ps.executeUpdate());
            }
            try {
                AuditVerification v = audit.verify();
                assertFalse(v.valid());
                assertEquals(mine.seq(), v.firstBadSeq());
            } finally {
                try (PreparedStatement ps = c.prepareStatement("UPDATE audit_entry SET actor = ? WHERE seq = ?")) {
                    ps.setString(1, "tester");
                    ps.setLong(2, mine.seq());
                    ps.executeUpdate();
                }
            }
            assertTrue(audit.verify().valid());
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM audit_entry WHERE seq = ?")) {
                ps.setLong(1, mine.seq());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(1, rs.getInt(1));
                }
            }
        }
    }

    @Test
    void concurrentAppendsFormOneChain() throws Exception {
        int threads = 8, each = 25;
        List<Thread> ts = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ts.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < each; i++) {
                    store.write(tx -> tx.audit().append(new AuditRecord("tester", "test.concurrent", "tests/c", null, null)));
                }
            }));
        }
        for (Thread t : ts) t.join();
        AuditVerification v = audit.verify();
        assertTrue(v.valid(), v.reason());
        assertEquals(threads * each,
                audit.list(new AuditQuery(null, "test.concurrent", null, null, null, PageRequest.first())).total());
    }

    @Test
    void failingUnitsDoNotFailTheirBatchNeighbours() throws Exception {
        String prefix = unique("batch");
        String taken = prefix + "-taken";
        store.write(tx -> tx.registry().insertAsset(model(taken)));
        long before = audit.list(new AuditQuery(null, "test.batch", null, null, null, PageRequest.first())).total();
        int n = 300;
        java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    store.write(tx -> {
                        // Every third unit fails after writing: a duplicate name, or its own exception.
                        String name = k % 6 == 0 ? taken : prefix + "-" + k;
                        tx.audit().append(new AuditRecord("tester", "test.batch", "tests/" + name, null, null));
                        tx.registry().insertAsset(model(name));
                        if (k % 6 == 3) throw new IllegalArgumentException("unit " + k + " gives up");
                        return null;
                    });
                    ok.incrementAndGet();
                } catch (ConflictException | IllegalArgumentException e) {
                    failed.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) t.join();
        assertEquals(n / 3, failed.get());
        assertEquals(n - n / 3, ok.get());
        for (int k = 0; k < n; k++) {
            boolean shouldExist = k % 6 != 0 && k % 6 != 3;
            String name = prefix + "-" + k;
            assertEquals(shouldExist, store.read(tx -> tx.registry().findAsset(AssetType.MODEL, name)).isPresent(), name);
        }
        assertEquals(before + ok.get(),
                audit.list(new AuditQuery(null, "test.batch", null, null, null, PageRequest.first())).total());
        AuditVerification v = audit.verify();
        assertTrue(v.valid(), v.reason());
        assertTrue(((HibernateStore) store).averageBatch() > 1.0, "writers never shared a commit");
    }
}
