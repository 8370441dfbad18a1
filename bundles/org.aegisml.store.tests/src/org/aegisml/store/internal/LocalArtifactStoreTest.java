package org.aegisml.store.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.aegisml.api.artifact.ArtifactTooLargeException;
import org.aegisml.api.artifact.StagedArtifact;
import org.aegisml.api.artifact.StoredArtifact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalArtifactStoreTest {
    @TempDir
    Path dir;

    private static long files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static StoredArtifact put(LocalArtifactStore store, byte[] bytes, long max) throws Exception {
        return store.commit(store.stage(new ByteArrayInputStream(bytes), max));
    }

    @Test
    void storesUnderTheSha256OfTheContent() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(dir);
        byte[] bytes = "hello".getBytes(StandardCharsets.UTF_8);
        StoredArtifact a = put(store, bytes, 1 << 20);
        // sha256("hello"), computed independently.
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", a.sha256());
        assertEquals(5, a.size());
        assertTrue(a.created());
        try (InputStream in = store.open(a.sha256()).orElseThrow()) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    @Test
    void sameBytesTwiceStoreNothingNew() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(dir);
        byte[] bytes = new byte[100_000];
        new java.util.Random(7).nextBytes(bytes);
        StoredArtifact first = put(store, bytes, 1 << 20);
        long filesAfterFirst = files(dir);
        long modified = Files.getLastModifiedTime(dir.resolve("sha256").resolve(first.sha256().substring(0, 2))
                .resolve(first.sha256())).toMillis();
        StoredArtifact second = put(store, bytes, 1 << 20);
        assertEquals(first.sha256(), second.sha256());
        assertFalse(second.created());
        assertEquals(filesAfterFirst, files(dir));
        assertEquals(modified, Files.getLastModifiedTime(dir.resolve("sha256").resolve(first.sha256().substring(0, 2))
                .resolve(first.sha256())).toMillis());
    }

    @Test
    void tooLargeLeavesNothingBehind() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(dir);
        assertThrows(ArtifactTooLargeException.class, () -> store.stage(new ByteArrayInputStream(new byte[1001]), 1000));
        assertEquals(0, files(dir));
    }

    @Test
    void stagedBytesAreInvisibleUntilCommittedAndDiscardRemovesThem() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(dir);
        StagedArtifact staged = store.stage(new ByteArrayInputStream(new byte[] { 9, 9 }), 10);
        assertFalse(store.exists(staged.sha256()));
        assertEquals(1, files(dir));
        store.discard(staged);
        assertEquals(0, files(dir));
        assertThrows(IllegalArgumentException.class,
                () -> store.commit(new StagedArtifact(staged.sha256(), 2, "../../x.part")));
    }

    @Test
    void deleteAndUnknownHashes() throws Exception {
        LocalArtifactStore store = new LocalArtifactStore(dir);
        StoredArtifact a = put(store, new byte[] { 1, 2, 3 }, 10);
        assertTrue(store.exists(a.sha256()));
        assertTrue(store.delete(a.sha256()));
        assertFalse(store.exists(a.sha256()));
        assertTrue(store.open(a.sha256()).isEmpty());
        assertTrue(store.open("../../etc/passwd").isEmpty());
    }
}
