package org.aegisml.provider.aws.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
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
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Artifacts in an S3 bucket, one object per content hash: {@code <prefix><sha256>}. Staging
 * hashes the upload into a local temporary file (bounded by the size limit); commit uploads it
 * unless an object with that hash is already there ({@code HeadObject}), and since the key is the
 * content's hash a concurrent upload of the same bytes writes the same object. The upload carries
 * the SHA-256 as its checksum, so S3 refuses bytes that do not match. With {@code cacheDir} each
 * artifact is also kept locally (written on commit, downloaded once on first read, verified against
 * its hash and renamed into place atomically).
 */
@Component(service = ArtifactStore.class, configurationPid = S3ArtifactStore.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = { "aegisml.artifact.scheme=s3", Provider.PROPERTY + "=" + AwsProvider.NAME })
public final class S3ArtifactStore implements ArtifactStore {
    public static final String PID = "org.aegisml.provider.aws.s3";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PART = Pattern.compile("stage-[0-9]+\\.part");

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Path cache;
    private final Path tmp;
    private final boolean ownTmp;

    @Activate
    public S3ArtifactStore(@Reference AwsSession session, S3Config config) throws IOException {
        this(client(session, config), config.bucket(), config.prefix(),
                config.cacheDir().isBlank() ? null : Path.of(config.cacheDir()));
    }

    S3ArtifactStore(S3Client s3, String bucket, String prefix, Path cacheDir) throws IOException {
        if (bucket == null || bucket.isBlank()) throw new IllegalArgumentException("no bucket configured in " + PID);
        this.s3 = s3;
        this.bucket = bucket.strip();
        String p = prefix == null ? "" : prefix.strip();
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
        if (cacheDir != null) {
            this.cache = cacheDir.toAbsolutePath();
            this.tmp = Files.createDirectories(cache.resolve("tmp"));
            this.ownTmp = false;
            // Parts left by a crash were never acknowledged; drop them.
            try (var parts = Files.newDirectoryStream(tmp, "*.part")) {
                for (Path part : parts) Files.deleteIfExists(part);
            }
        } else {
            this.cache = null;
            this.tmp = Files.createTempDirectory("aegisml-s3-");
            this.ownTmp = true;
        }
    }

    private static S3Client client(AwsSession session, S3Config config) {
        Region region = config.region().isBlank() ? session.requireRegion() : Region.of(config.region().strip());
        URI endpoint = config.endpoint().isBlank() ? session.settings().endpoint() : URI.create(config.endpoint().strip());
        return session.configure(S3Client.builder(), region, endpoint).forcePathStyle(endpoint != null).build();
    }

    @Deactivate
    void close() {
        s3.close();
        if (ownTmp) {
            try (var files = Files.list(tmp)) {
                for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // A temporary directory; the system cleans it eventually.
            }
        }
    }

    @Override
    public String scheme() {
        return "s3";
    }

    /** The object key of a hash. */
    String key(String sha256) {
        return prefix + sha256;
    }

    @Override
    public StagedArtifact stage(InputStream content, long maxBytes) throws IOException {
        Path part = Files.createTempFile(tmp, "stage-", ".part");
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
        if (!Files.isRegularFile(part)) throw new NoSuchFileException(part.toString(), null, "not staged, or already committed or discarded");
        try {
            boolean created = false;
            if (!head(staged.sha256())) {
                byte[] digest = HexFormat.of().parseHex(staged.sha256());
                try {
                    s3.putObject(r -> r.bucket(bucket).key(key(staged.sha256())).contentLength(staged.size())
                            .checksumSHA256(Base64.getEncoder().encodeToString(digest)), RequestBody.fromFile(part));
                } catch (SdkException e) {
                    throw io("PutObject", staged.sha256(), e);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                created = true;
            }
            if (cache != null) keep(part, staged.sha256());
            return new StoredArtifact(staged.sha256(), staged.size(), created);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    @Override
    public void discard(StagedArtifact staged) {
        try {
            Files.deleteIfExists(staged(staged));
        } catch (IOException e) {
            // A temporary file; nothing refers to it.
        }
    }

    @Override
    public Optional<InputStream> open(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) return Optional.empty();
        if (cache != null) {
            try {
                return Optional.of(Files.newInputStream(cached(sha256)));
            } catch (NoSuchFileException e) {
                // not cached yet
            }
        }
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.getObject(r -> r.bucket(bucket).key(key(sha256)));
        } catch (SdkException e) {
            if (AwsErrors.notFound(e)) return Optional.empty();
            throw io("GetObject", sha256, e);
        }
        if (cache == null) return Optional.of(in);
        Path part = Files.createTempFile(tmp, "stage-", ".part");
        try {
            MessageDigest md = sha256();
            try (in; OutputStream out = Files.newOutputStream(part)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            String got = HexFormat.of().formatHex(md.digest());
            if (!got.equals(sha256)) {
                throw new IOException("s3://" + bucket + "/" + key(sha256) + " does not hash to its name (got " + got + ")");
            }
            keep(part, sha256);
            return Optional.of(Files.newInputStream(cached(sha256)));
        } finally {
            Files.deleteIfExists(part);
        }
    }

    @Override
    public boolean exists(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) return false;
        if (cache != null && Files.exists(cached(sha256))) return true;
        return head(sha256);
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) return false;
        boolean removed = cache != null && Files.deleteIfExists(cached(sha256));
        if (head(sha256)) {
            try {
                s3.deleteObject(r -> r.bucket(bucket).key(key(sha256)));
            } catch (SdkException e) {
                throw io("DeleteObject", sha256, e);
            }
            removed = true;
        }
        return removed;
    }

    private boolean head(String sha256) throws IOException {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key(sha256)));
            return true;
        } catch (SdkException e) {
            if (AwsErrors.notFound(e)) return false;
            throw io("HeadObject", sha256, e);
        }
    }

    /** Moves a complete, verified file into the cache under its hash (atomically; a copy already there wins). */
    private void keep(Path file, String sha256) throws IOException {
        Path target = cached(sha256);
        if (Files.exists(target)) return;
        Files.createDirectories(target.getParent());
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            if (!Files.exists(target)) throw e;
        }
    }

    private Path cached(String sha256) {
        return cache.resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private Path staged(StagedArtifact staged) {
        if (!SHA256.matcher(staged.sha256()).matches() || !PART.matcher(staged.handle()).matches()) {
            throw new IllegalArgumentException("not an artifact staged by this store");
        }
        return tmp.resolve(staged.handle());
    }

    private IOException io(String op, String sha256, SdkException e) {
        return new IOException("S3 " + op + " of s3://" + bucket + "/" + key(sha256) + " failed: " + AwsErrors.message(e), e);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
