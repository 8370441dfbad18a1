package org.aegisml.provider.aws.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.aegisml.api.artifact.ArtifactStore;
import org.aegisml.api.artifact.ArtifactTooLargeException;
import org.aegisml.api.artifact.StagedArtifact;
import org.aegisml.api.artifact.StoredArtifact;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The framework's S3 artifact store, configured through Configuration Admin for a bucket on
 * moto's S3 (path-style); objects are read back through an SDK client of the test's own.
 */
class S3ArtifactStoreTest {
    private static final String BUCKET = "aegisml-artifacts";

    private MotoServer moto;
    private AwsSession session;
    private S3Client s3;

    @BeforeEach
    void setUp() throws Exception {
        moto = MotoServer.get();
        moto.reset();
        session = moto.session();
        s3 = session.configure(S3Client.builder(), Region.of(MotoServer.REGION), moto.url).forcePathStyle(true).build();
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    @AfterEach
    void tearDown() {
        s3.close();
        session.close();
    }

    private static Path cacheDir(String name) throws IOException {
        return Files.createTempDirectory(TestRuntime.dataDir(), name + "-");
    }

    private static StoredArtifact put(ArtifactStore store, byte[] bytes) throws IOException {
        return store.commit(store.stage(new ByteArrayInputStream(bytes), 1 << 20));
    }

    private static byte[] read(Optional<InputStream> in) throws IOException {
        try (InputStream i = in.orElseThrow()) {
            return i.readAllBytes();
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private List<String> keys() {
        return s3.listObjectsV2(r -> r.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
    }

    @Test
    void storesEachContentOnceUnderItsHash() throws Exception {
        byte[] model = "weights of a fraud model".getBytes(StandardCharsets.UTF_8);
        String hash = sha256(model);
        ArtifactStore store = MotoServer.s3Store(BUCKET, "aegisml/artifacts", null);
        assertEquals("s3", store.scheme());
        assertFalse(store.exists(hash));
        assertTrue(store.open(hash).isEmpty());

        StagedArtifact staged = store.stage(new ByteArrayInputStream(model), 1 << 20);
        assertEquals(hash, staged.sha256());
        assertEquals(model.length, staged.size());
        assertArrayEquals(model, read(Optional.of(store.openStaged(staged))));
        assertFalse(store.exists(hash), "staged is not stored");
        assertEquals(List.of(), keys());

        StoredArtifact stored = store.commit(staged);
        assertTrue(stored.created());
        assertEquals(List.of("aegisml/artifacts/" + hash), keys());
        assertArrayEquals(model, s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("aegisml/artifacts/" + hash)).asByteArray());
        assertTrue(store.exists(hash));
        assertArrayEquals(model, read(store.open(hash)));

        StoredArtifact again = put(store, model);
        assertFalse(again.created(), "the same bytes are not stored twice");
        assertEquals(1, keys().size());

        assertTrue(store.delete(hash));
        assertFalse(store.delete(hash));
        assertFalse(store.exists(hash));
        assertEquals(List.of(), keys());
        assertTrue(store.open("not-a-hash").isEmpty());
    }

    @Test
    void tooLargeOrDiscardedStoresNothing() throws Exception {
        ArtifactStore store = MotoServer.s3Store(BUCKET, "", null);
        assertThrows(ArtifactTooLargeException.class,
                () -> store.stage(new ByteArrayInputStream(new byte[2048]), 1024));
        StagedArtifact staged = store.stage(new ByteArrayInputStream(new byte[10]), 1024);
        store.discard(staged);
        assertThrows(IOException.class, () -> store.commit(staged));
        assertEquals(List.of(), keys());
        assertThrows(IllegalArgumentException.class,
                () -> store.commit(new StagedArtifact("0".repeat(64), 1, "../../etc/passwd")));
    }

    @Test
    void theCacheServesTheSecondRead() throws Exception {
        byte[] model = "cached model".getBytes(StandardCharsets.UTF_8);
        String hash = sha256(model);
        Path cache = cacheDir("cache");
        ArtifactStore store = MotoServer.s3Store(BUCKET, "p/", cache);
        Path copy = cache.resolve("sha256").resolve(hash.substring(0, 2)).resolve(hash);

        put(store, model);
        assertTrue(Files.exists(copy), "written through the cache");
        assertEquals(List.of("p/" + hash), keys());

        // A reader whose cache does not have it yet (another server, a wiped disk): the first read downloads.
        Files.delete(copy);
        assertArrayEquals(model, read(store.open(hash)));
        assertTrue(Files.exists(copy), "downloaded into the cache");
        // Gone from the bucket behind the store's back: the second read is served by the cache.
        s3.deleteObject(r -> r.bucket(BUCKET).key("p/" + hash));
        assertArrayEquals(model, read(store.open(hash)));
        assertTrue(store.exists(hash));

        assertTrue(store.delete(hash));
        assertFalse(Files.exists(copy));
        assertTrue(store.open(hash).isEmpty());
        try (var parts = Files.list(cache.resolve("tmp"))) {
            assertEquals(0, parts.count(), "no partial downloads left");
        }
    }

    @Test
    void aDownloadThatDoesNotMatchItsHashIsRefused() throws Exception {
        String hash = sha256("the real bytes".getBytes(StandardCharsets.UTF_8));
        s3.putObject(r -> r.bucket(BUCKET).key(hash), RequestBody.fromString("other bytes"));
        Path cache = cacheDir("corrupt");
        ArtifactStore store = MotoServer.s3Store(BUCKET, "", cache);
        assertThrows(IOException.class, () -> store.open(hash));
        assertFalse(Files.exists(cache.resolve("sha256").resolve(hash.substring(0, 2)).resolve(hash)));
    }

    @Test
    void aMissingBucketIsAnError() throws Exception {
        ArtifactStore store = MotoServer.s3Store("no-such-bucket", "", null);
        StagedArtifact staged = store.stage(new ByteArrayInputStream(new byte[3]), 1024);
        IOException e = assertThrows(IOException.class, () -> store.commit(staged));
        assertTrue(e.getMessage().contains("no-such-bucket"), e.getMessage());
    }
}
