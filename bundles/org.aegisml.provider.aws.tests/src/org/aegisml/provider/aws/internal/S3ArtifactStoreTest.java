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

import org.aegisml.api.artifact.ArtifactTooLargeException;
import org.aegisml.api.artifact.StagedArtifact;
import org.aegisml.api.artifact.StoredArtifact;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 artifact store against moto's S3 (path-style), through the real SDK client. */
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
        s3 = client();
        s3.createBucket(r -> r.bucket(BUCKET));
    }

    @AfterEach
    void tearDown() {
        s3.close();
        session.close();
    }

    private S3Client client() {
        return session.configure(S3Client.builder(), Region.of(MotoServer.REGION), moto.url).forcePathStyle(true).build();
    }

    private S3ArtifactStore store(String prefix, Path cache) throws IOException {
        return new S3ArtifactStore(client(), BUCKET, prefix, cache);
    }

    private static StoredArtifact put(S3ArtifactStore store, byte[] bytes) throws IOException {
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
        S3ArtifactStore store = store("aegisml/artifacts", null);
        assertEquals("s3", store.scheme());
        assertFalse(store.exists(hash));
        assertTrue(store.open(hash).isEmpty());

        StagedArtifact staged = store.stage(new ByteArrayInputStream(model), 1 << 20);
        assertEquals(hash, staged.sha256());
        assertEquals(model.length, staged.size());
        assertArrayEquals(model, read(Optional.of(store.openStaged(staged))));
        assertFalse(store.exists(hash), "staged is not stored");

        StoredArtifact stored = store.commit(staged);
        assertTrue(stored.created());
        assertEquals(List.of("aegisml/artifacts/" + hash), keys());
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
        store.close();
    }

    @Test
    void tooLargeStoresNothing() throws Exception {
        S3ArtifactStore store = store("", null);
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
    void theCacheKeepsACopyAndDownloadsOnce(@TempDir Path cache) throws Exception {
        byte[] model = "cached model".getBytes(StandardCharsets.UTF_8);
        String hash = sha256(model);
        S3ArtifactStore writer = store("p/", cache.resolve("writer"));
        put(writer, model);
        assertTrue(Files.exists(cache.resolve("writer/sha256").resolve(hash.substring(0, 2)).resolve(hash)),
                "written through the cache");

        S3ArtifactStore reader = store("p/", cache.resolve("reader"));
        assertArrayEquals(model, read(reader.open(hash)));
        Path copy = cache.resolve("reader/sha256").resolve(hash.substring(0, 2)).resolve(hash);
        assertTrue(Files.exists(copy), "downloaded into the cache");
        // Gone from the bucket behind the store's back: the cached copy still serves reads.
        s3.deleteObject(r -> r.bucket(BUCKET).key("p/" + hash));
        assertArrayEquals(model, read(reader.open(hash)));
        assertTrue(reader.delete(hash));
        assertFalse(Files.exists(copy));
        assertTrue(reader.open(hash).isEmpty());
        try (var parts = Files.list(cache.resolve("reader/tmp"))) {
            assertEquals(0, parts.count(), "no partial downloads left");
        }
    }

    @Test
    void aDownloadThatDoesNotMatchItsHashIsRefused(@TempDir Path cache) throws Exception {
        String hash = sha256("the real bytes".getBytes(StandardCharsets.UTF_8));
        s3.putObject(r -> r.bucket(BUCKET).key(hash), RequestBody.fromString("other bytes"));
        S3ArtifactStore store = store("", cache);
        assertThrows(IOException.class, () -> store.open(hash));
        assertFalse(Files.exists(cache.resolve("sha256").resolve(hash.substring(0, 2)).resolve(hash)));
    }

    @Test
    void aMissingBucketIsAnError() throws Exception {
        S3ArtifactStore store = new S3ArtifactStore(client(), "no-such-bucket", "", null);
        StagedArtifact staged = store.stage(new ByteArrayInputStream(new byte[3]), 1024);
        assertThrows(IOException.class, () -> store.commit(staged));
        assertThrows(IllegalArgumentException.class, () -> new S3ArtifactStore(client(), " ", "", null));
    }
}
