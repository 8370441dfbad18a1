package org.aegisml.provider.azure.internal;

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
import java.util.Hashtable;
import java.util.Optional;

import org.aegisml.api.artifact.ArtifactStore;
import org.aegisml.api.artifact.ArtifactTooLargeException;
import org.aegisml.api.artifact.StagedArtifact;
import org.aegisml.api.artifact.StoredArtifact;
import org.aegisml.api.provider.Provider;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;

/**
 * The azure-blob artifact store as Declarative Services publishes it once PID
 * {@value Azure#BLOB_PID} is configured, against Azurite; what it wrote is read back with the
 * real SDK straight from the emulator.
 */
class BlobArtifactStoreTest {
    static final String CONTAINER = "aegisml-artifacts";
    static Azurite azurite;
    static ArtifactStore store;
    static BlobContainerClient direct;
    static Path cacheDir;

    @BeforeAll
    static void start() throws Exception {
        azurite = Azurite.start();
        // The standard variable, as a JVM system property of the same name (the SDK reads both).
        System.setProperty(BlobArtifactStore.CONNECTION_STRING, azurite.connectionString());
        cacheDir = Files.createTempDirectory(TestRuntime.dataDir(), "blob-cache-");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("container", CONTAINER);
        p.put("prefix", "models");
        p.put("cacheDir", cacheDir.toString());
        p.put("service.ranking", 50);
        TestRuntime.configure(Azure.BLOB_PID, p);
        store = TestRuntime.service(ArtifactStore.class, "(aegisml.artifact.scheme=azure-blob)");
        direct = new BlobServiceClientBuilder().connectionString(azurite.connectionString()).httpClient(Azure.httpClient())
                .buildClient().getBlobContainerClient(CONTAINER);
    }

    @AfterAll
    static void stop() throws Exception {
        TestRuntime.service(org.osgi.service.cm.ConfigurationAdmin.class).getConfiguration(Azure.BLOB_PID, "?").delete();
        System.clearProperty(BlobArtifactStore.CONNECTION_STRING);
        if (azurite != null) azurite.close();
    }

    static byte[] read(InputStream in) throws Exception {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void registeredAsAzureBlobWithTheProviderAndTheConfiguredRanking() {
        ServiceReference<?>[] refs;
        try {
            refs = TestRuntime.context().getServiceReferences(ArtifactStore.class.getName(), "(aegisml.artifact.scheme=azure-blob)");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        assertEquals(1, refs.length);
        assertEquals("azure", refs[0].getProperty(Provider.PROPERTY));
        assertEquals(50, refs[0].getProperty("service.ranking"));
        assertEquals("azure-blob", store.scheme());
    }

    @Test
    void roundTripThroughTheContainerAndTheLocalCache() throws Exception {
        byte[] bytes = "weights of churn v3\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        StagedArtifact staged = store.stage(new ByteArrayInputStream(bytes), 1 << 20);
        assertEquals(bytes.length, staged.size());
        assertArrayEquals(bytes, read(store.openStaged(staged)));
        String sha = staged.sha256();
        assertFalse(store.exists(sha));

        StoredArtifact stored = store.commit(staged);
        assertTrue(stored.created());
        assertEquals(sha, stored.sha256());
        String name = "models/sha256/" + sha.substring(0, 2) + "/" + sha;
        assertTrue(direct.getBlobClient(name).exists(), "the blob is in Azurite under its hash");
        assertArrayEquals(bytes, direct.getBlobClient(name).downloadContent().toBytes());
        assertTrue(store.exists(sha));

        StoredArtifact again = store.commit(store.stage(new ByteArrayInputStream(bytes), 1 << 20));
        assertFalse(again.created(), "the same bytes are stored once");

        Optional<InputStream> first = store.open(sha);
        assertTrue(first.isPresent());
        assertArrayEquals(bytes, read(first.get()));
        // Gone from the container behind the store's back: the second read comes from the cache.
        direct.getBlobClient(name).delete();
        assertFalse(store.exists(sha), "exists asks the container");
        Optional<InputStream> second = store.open(sha);
        assertTrue(second.isPresent(), "served from the local cache");
        assertArrayEquals(bytes, read(second.get()));

        assertFalse(store.delete(sha), "nothing left in the container to remove");
        assertTrue(store.open(sha).isEmpty(), "delete also drops the cached copy");
    }

    @Test
    void deleteRemovesTheBlob() throws Exception {
        byte[] bytes = "metrics.json {}".getBytes(StandardCharsets.UTF_8);
        StoredArtifact s = store.commit(store.stage(new ByteArrayInputStream(bytes), 1024));
        assertTrue(s.created());
        assertArrayEquals(bytes, read(store.open(s.sha256()).orElseThrow()));
        assertTrue(store.delete(s.sha256()));
        assertFalse(store.exists(s.sha256()));
        assertFalse(direct.getBlobClient("models/sha256/" + s.sha256().substring(0, 2) + "/" + s.sha256()).exists());
        assertTrue(store.open(s.sha256()).isEmpty());
    }

    @Test
    void aBlobThatDoesNotMatchItsHashIsRefused() throws Exception {
        byte[] bytes = "the real bytes".getBytes(StandardCharsets.UTF_8);
        StagedArtifact staged = store.stage(new ByteArrayInputStream(bytes), 1024);
        store.discard(staged);
        String name = "models/sha256/" + staged.sha256().substring(0, 2) + "/" + staged.sha256();
        direct.getBlobClient(name).upload(BinaryData.fromString("tampered"), true);
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> store.open(staged.sha256()));
        assertTrue(e.getMessage().contains("does not hash"), e.getMessage());
        direct.getBlobClient(name).delete();
    }

    @Test
    void tooLargeIsRefusedAndNothingIsStored() throws Exception {
        byte[] bytes = new byte[4096];
        assertThrows(ArtifactTooLargeException.class, () -> store.stage(new ByteArrayInputStream(bytes), 1000));
        try (var parts = Files.list(cacheDir.resolve("tmp"))) {
            assertEquals(0, parts.count(), "no staged part left behind");
        }
    }
}
