package org.aegisml.provider.azure.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import org.aegisml.api.artifact.ArtifactStore;
import org.aegisml.api.artifact.ArtifactTooLargeException;
import org.aegisml.api.artifact.StagedArtifact;
import org.aegisml.api.artifact.StoredArtifact;
import org.aegisml.api.provider.Provider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import com.azure.core.http.HttpClient;
import com.azure.core.util.Configuration;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;

/**
 * {@code azure-blob}: artifacts as blobs named {@code <prefix>sha256/ab/abcdef...} in one
 * container. Staging hashes to a local file; commit uploads it with {@code If-None-Match: *}, so
 * a blob under a hash is written once and never replaced (bytes already there store nothing).
 * Reads go through a local cache: the first read downloads, checks the hash and keeps the file;
 * later reads of that hash are served from disk (content addressing makes a cached copy valid
 * for as long as the hash is asked for). {@link #exists} and {@link #delete} ask the container.
 */
@Component(service = ArtifactStore.class, configurationPid = Azure.BLOB_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = { Provider.PROPERTY + "=" + Azure.NAME, "aegisml.artifact.scheme=" + BlobArtifactStore.SCHEME })
public final class BlobArtifactStore implements ArtifactStore {
    static final String SCHEME = "azure-blob";
    static final String CONNECTION_STRING = "AZURE_STORAGE_CONNECTION_STRING";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PART = Pattern.compile("upload-[0-9]+\\.part");

    private final BlobContainerClient container;
    private final String prefix;
    private final Path cache;
    private final Path tmp;
    private volatile boolean containerChecked;

    @Activate
    public BlobArtifactStore(BlobConfig config) throws IOException {
        if (config.container().isBlank()) throw new IllegalArgumentException("PID " + Azure.BLOB_PID + " lacks container");
        HttpClient http = Azure.httpClient();
        Configuration env = Azure.environment();
        BlobServiceClientBuilder b = new BlobServiceClientBuilder().httpClient(http).configuration(env);
        String cs = env.get(CONNECTION_STRING);
        if (cs != null && !cs.isBlank()) {
            b.connectionString(cs);
            if (!config.endpoint().isBlank()) b.endpoint(config.endpoint().strip());
        } else {
            if (config.endpoint().isBlank()) {
                throw new IllegalArgumentException("PID " + Azure.BLOB_PID + " lacks endpoint (and " + CONNECTION_STRING
                        + " is not set)");
            }
            b.endpoint(config.endpoint().strip())
                    .credential(Azure.credential(http, env, config.authorityHost(), config.disableInstanceDiscovery()));
        }
        this.container = b.buildClient().getBlobContainerClient(config.container().strip());
        String p = config.prefix().strip();
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
        this.cache = (config.cacheDir().isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "aegisml-azure-blob", config.container().strip())
                : Path.of(config.cacheDir())).toAbsolutePath();
        this.tmp = cache.resolve("tmp");
        Files.createDirectories(tmp);
        Files.createDirectories(cache.resolve("sha256"));
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(tmp, "*.part")) {
            for (Path part : parts) Files.deleteIfExists(part);
        }
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    /** The blob name of a hash. */
    String blobName(String sha256) {
        return prefix + "sha256/" + sha256.substring(0, 2) + "/" + sha256;
    }

    Path cached(String sha256) {
        return cache.resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    @Override
    public StagedArtifact stage(InputStream content, long maxBytes) throws IOException {
        Path part = Files.createTempFile(tmp, "upload-", ".part");
        boolean ok = false;
        try {
            MessageDigest md = sha256();
            long size = 0;
            try (OutputStream out = Files.newOutputStream(part)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = content.read(buf)) > 0) {
                    size += n;
                    if (size > maxBytes) throw new ArtifactTooLargeException(maxBytes);
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            ok = true;
            return new StagedArtifact(HexFormat.of().formatHex(md.digest()), size, part.getFileName().toString());
        } finally {
            if (!ok) Files.deleteIfExists(part);
        }
    }

    @Override
    public InputStream openStaged(StagedArtifact staged) throws IOException {
        return Files.newInputStream(staged(staged));
    }

    @Override
    public StoredArtifact commit(StagedArtifact staged) throws IOException {
        Path part = staged(staged);
        try {
            ensureContainer();
            BlobClient blob = container.getBlobClient(blobName(staged.sha256()));
            try {
                blob.uploadFromFileWithResponse(new BlobUploadFromFileOptions(part.toString())
                        .setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")), null, Context.NONE);
                return new StoredArtifact(staged.sha256(), staged.size(), true);
            } catch (BlobStorageException e) {
                if (e.getStatusCode() == 409 || e.getStatusCode() == 412
                        || BlobErrorCode.BLOB_ALREADY_EXISTS.equals(e.getErrorCode())) {
                    return new StoredArtifact(staged.sha256(), staged.size(), false);
                }
                throw failure("upload of " + staged.sha256(), e);
            } catch (RuntimeException e) {
                throw failure("upload of " + staged.sha256(), e);
            }
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private void ensureContainer() throws IOException {
        if (containerChecked) return;
        try {
            container.createIfNotExists();
            containerChecked = true;
        } catch (RuntimeException e) {
            throw failure("creation of container " + container.getBlobContainerName(), e);
        }
    }

    @Override
    public void discard(StagedArtifact staged) {
        try {
            Files.deleteIfExists(staged(staged));
        } catch (IOException e) {
            // A leftover part is removed at the next activation; nothing refers to it.
        }
    }

    private Path staged(StagedArtifact staged) {
        if (!SHA256.matcher(staged.sha256()).matches() || !PART.matcher(staged.handle()).matches()) {
            throw new IllegalArgumentException("not an artifact staged by this store");
        }
        return tmp.resolve(staged.handle());
    }

    @Override
    public Optional<InputStream> open(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) return Optional.empty();
        Path file = cached(sha256);
        if (Files.exists(file)) return Optional.of(Files.newInputStream(file));
        Path part = Files.createTempFile(tmp, "download-", ".tmp");
        try {
            MessageDigest md = sha256();
            try (InputStream in = container.getBlobClient(blobName(sha256)).openInputStream();
                    OutputStream out = Files.newOutputStream(part)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            } catch (BlobStorageException e) {
                if (e.getStatusCode() == 404) return Optional.empty();
                throw failure("download of " + sha256, e);
            } catch (RuntimeException e) {
                throw failure("download of " + sha256, e);
            }
            String got = HexFormat.of().formatHex(md.digest());
            if (!got.equals(sha256)) throw new IOException("blob " + blobName(sha256) + " does not hash to its name (" + got + ")");
            Files.createDirectories(file.getParent());
            try {
                Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.exists(file)) throw e;
            }
            return Optional.of(Files.newInputStream(file));
        } finally {
            Files.deleteIfExists(part);
        }
    }

    @Override
    public boolean exists(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) return false;
        try {
            return container.getBlobClient(blobName(sha256)).exists();
        } catch (RuntimeException e) {
            throw failure("lookup of " + sha256, e);
        }
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) return false;
        Files.deleteIfExists(cached(sha256));
        try {
            return container.getBlobClient(blobName(sha256)).deleteIfExists();
        } catch (RuntimeException e) {
            throw failure("deletion of " + sha256, e);
        }
    }

    private static IOException failure(String what, RuntimeException e) {
        if (e instanceof BlobStorageException b) {
            return new IOException("Azure Blob Storage refused the " + what + ": " + b.getStatusCode() + " "
                    + b.getErrorCode(), e);
        }
        return new IOException("Azure Blob Storage cannot be reached for the " + what + ": " + Arm.firstLine(e.getMessage()), e);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
