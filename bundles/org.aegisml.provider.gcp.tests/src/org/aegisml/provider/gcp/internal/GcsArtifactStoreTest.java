package org.aegisml.provider.gcp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.aegisml.api.artifact.ArtifactStore;
import org.aegisml.api.artifact.ArtifactTooLargeException;
import org.aegisml.api.artifact.StagedArtifact;
import org.aegisml.api.artifact.StoredArtifact;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code gcs} artifact store against the Cloud Storage fake. */
class GcsArtifactStoreTest {

    @BeforeAll
    static void runtime() throws IOException {
        Fixtures.runtime();
    }

    static ArtifactStore store() {
        return Fixtures.store();
    }

    static FakeGcs gcs() {
        return Fixtures.gcs();
    }

    static byte[] random(int size) {
        byte[] b = new byte[size];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static byte[] read(Optional<InputStream> in) throws IOException {
        assertTrue(in.isPresent(), "no blob");
        try (InputStream s = in.get()) {
            return s.readAllBytes();
        }
    }

    @Test
    void roundTrip() throws Exception {
        ArtifactStore store = store();
        assertEquals("gcs", store.scheme());
        byte[] bytes = random(200_000);
        String sha = sha256(bytes);
        String name = "aegisml/sha256/" + sha;

        StagedArtifact staged = store.stage(new ByteArrayInputStream(bytes), 1 << 20);
        assertEquals(sha, staged.sha256());
        assertEquals(bytes.length, staged.size());
        try (InputStream in = store.openStaged(staged)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        assertFalse(gcs().objects.containsKey(name), "nothing is uploaded before commit");

        StoredArtifact stored = store.commit(staged);
        assertTrue(stored.created());
        assertArrayEquals(bytes, gcs().objects.get(name).bytes());
        long generation = gcs().objects.get(name).generation();
        assertTrue(store.exists(sha));
        assertArrayEquals(bytes, read(store.open(sha)));

        // The same bytes again: the precondition ifGenerationMatch=0 fails and nothing is written.
        int failures = gcs().preconditionFailures.get();
        StoredArtifact again = store.commit(store.stage(new ByteArrayInputStream(bytes), 1 << 20));
        assertFalse(again.created());
        assertEquals(failures + 1, gcs().preconditionFailures.get());
        assertEquals(generation, gcs().objects.get(name).generation());

        assertTrue(store.delete(sha));
        assertFalse(gcs().objects.containsKey(name));
        assertFalse(store.exists(sha));
        assertTrue(store.open(sha).isEmpty());
        assertFalse(store.delete(sha));
    }

    @Test
    void theLocalCacheServesASecondRead() throws Exception {
        byte[] bytes = random(50_000);
        String sha = sha256(bytes);
        gcs().put("aegisml/sha256/" + sha, bytes); // committed by another server
        int downloads = gcs().downloads.get();
        assertArrayEquals(bytes, read(store().open(sha)));
        assertEquals(downloads + 1, gcs().downloads.get());
        assertArrayEquals(bytes, read(store().open(sha)));
        assertEquals(downloads + 1, gcs().downloads.get(), "the second read came from Cloud Storage again");
        assertTrue(Files.isRegularFile(Fixtures.cacheDir().resolve("sha256").resolve(sha.substring(0, 2)).resolve(sha)));
    }

    @Test
    void anObjectWhoseBytesDoNotMatchItsNameIsRefused() throws Exception {
        byte[] bytes = random(1000);
        String sha = sha256(random(10));
        gcs().put("aegisml/sha256/" + sha, bytes);
        int downloads = gcs().downloads.get();
        assertThrows(IOException.class, () -> store().open(sha));
        assertThrows(IOException.class, () -> store().open(sha));
        assertEquals(downloads + 2, gcs().downloads.get(), "bytes that failed the check were cached");
    }

    @Test
    void stagingRefusesTooMuchAndDiscardForgets() throws Exception {
        assertThrows(ArtifactTooLargeException.class, () -> store().stage(new ByteArrayInputStream(random(100)), 99));
        StagedArtifact staged = store().stage(new ByteArrayInputStream(random(100)), 100);
        store().discard(staged);
        assertThrows(NoSuchFileException.class, () -> store().openStaged(staged));
        assertFalse(gcs().objects.containsKey("aegisml/sha256/" + staged.sha256()));
    }

    @AfterAll
    static void everyCallCarriedABearerToken() {
        Fixtures.assertAllAuthorized(gcs());
    }
}
