package org.aegisml.provider.gcp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import org.aegisml.api.AegisException;
import org.aegisml.api.artifact.ArtifactStore;
import org.aegisml.api.artifact.ArtifactTooLargeException;
import org.aegisml.api.artifact.StagedArtifact;
import org.aegisml.api.artifact.StoredArtifact;
import org.aegisml.api.provider.Provider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@code gcs}: artifacts as Cloud Storage objects {@code <prefix>sha256/<hash>}, through the
 * JSON API. Staging hashes to a local file; commit uploads it with
 * {@code ifGenerationMatch=0}, so that bytes already stored are never written again (Cloud
 * Storage answers 412 and the commit reports {@code created=false}) and a reader never sees a
 * partial object (a media upload becomes visible whole). Reads are cached as files under
 * {@code cacheDir}: a download is checked against its hash before it is cached, and content
 * under a hash never changes, so the cache is served without asking Cloud Storage again.
 * {@link #exists} and {@link #delete} always ask Cloud Storage.
 * <p>
 * Needs both {@value GcpProvider#PID} (credentials' endpoint override, timeouts) and
 * {@value #PID} (bucket), so that it is registered only where someone chose it.
 */
@Component(service = ArtifactStore.class, configurationPid = { GcpProvider.PID, GcsArtifactStore.PID },
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = { Provider.PROPERTY + "=" + GcpProvider.NAME, "aegisml.artifact.scheme=gcs" })
public final class GcsArtifactStore implements ArtifactStore {
    static final String PID = "org.aegisml.provider.gcp.gcs";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PART = Pattern.compile("upload-[0-9]+\\.part");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");
    private final GcpHttp http;
    private final String objects;
    private final String uploads;
    private final String prefix;
    private final Path cache;
    private final Path tmp;

    @Activate
    public GcsArtifactStore(GcpConfig gcp, GcsConfig gcs, BundleContext context) throws IOException {
        this(GcpSettings.from(gcp), gcs.bucket().strip(), gcs.prefix(),
                gcs.cacheDir().isBlank() ? context.getDataFile("gcs-cache").toPath() : Path.of(gcs.cacheDir()), new Adc());
    }

    GcsArtifactStore(GcpSettings settings, String bucket, String prefix, Path cacheDir, Adc adc) throws IOException {
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("bucket '" + bucket + "' is not a Cloud Storage bucket name (" + PID + ")");
        }
        if (prefix.chars().anyMatch(Character::isISOControl) || prefix.startsWith("/")) {
            throw new IllegalArgumentException("prefix must not start with / nor hold control characters (" + PID + ")");
        }
        this.http = new GcpHttp(adc, settings.requestTimeout());
        this.objects = settings.storage() + "/storage/v1/b/" + path(bucket) + "/o/";
        this.uploads = settings.storage() + "/upload/storage/v1/b/" + path(bucket) + "/o";
        this.prefix = prefix;
        this.cache = cacheDir.toAbsolutePath().resolve("sha256");
        this.tmp = cacheDir.toAbsolutePath().resolve("tmp");
        Files.createDirectories(cache);
        Files.createDirectories(tmp);
        // Staged or half-downloaded files of an earlier run were never acknowledged.
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(tmp, "*.part")) {
            for (Path p : parts) Files.deleteIfExists(p);
        }
    }

    @Deactivate
    void deactivate() {
        http.close();
    }

    @Override
    public String scheme() {
        return "gcs";
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
            // The answer comes once all bytes are sent: one more second per MiB (a slow 8 Mbit/s link).
            Duration timeout = http.timeout().plusSeconds(staged.size() >> 20);
            GcpHttp.Reply<byte[]> r = call(() -> http.send("POST", uploads + "?uploadType=media&ifGenerationMatch=0&name="
                    + query(name(staged.sha256())), BodyPublishers.ofFile(part), "application/octet-stream",
                    BodyHandlers.ofByteArray(), timeout));
            boolean created;
            if (r.ok()) {
                created = true;
            } else if (r.status() == 412) {
                created = false; // an object of that name, so these bytes, is already there
            } else {
                throw io(GcpHttp.failure(r.status(), r.body(), "uploading " + name(staged.sha256())));
            }
            cache(part, staged.sha256());
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
            // removed at the next start; nothing refers to it
        }
    }

    @Override
    public Optional<InputStream> open(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) return Optional.empty();
        Path cached = cached(sha256);
        try {
            return Optional.of(Files.newInputStream(cached));
        } catch (NoSuchFileException e) {
            // not cached yet
        }
        GcpHttp.Reply<InputStream> r = call(() -> http.send("GET", objects + path(name(sha256)) + "?alt=media", null, null,
                BodyHandlers.ofInputStream()));
        if (r.status() == 404) {
            r.body().close();
            return Optional.empty();
        }
        if (!r.ok()) throw io(GcpHttp.failure(r.status(), r.body(), "downloading " + name(sha256)));
        Path part = Files.createTempFile(tmp, "download-", ".part");
        try {
            MessageDigest md = sha256();
            try (InputStream in = new DigestInputStream(r.body(), md)) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            String got = HexFormat.of().formatHex(md.digest());
            if (!got.equals(sha256)) {
                throw new IOException("the object " + name(sha256) + " holds bytes whose SHA-256 is " + got);
            }
            cache(part, sha256);
        } finally {
            Files.deleteIfExists(part);
        }
        return Optional.of(Files.newInputStream(cached));
    }

    @Override
    public boolean exists(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) return false;
        GcpHttp.Reply<byte[]> r = call(() -> http.send("GET", objects + path(name(sha256)), null, null,
                BodyHandlers.ofByteArray()));
        if (r.status() == 404) return false;
        if (!r.ok()) throw io(GcpHttp.failure(r.status(), r.body(), "reading " + name(sha256)));
        return true;
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) return false;
        Files.deleteIfExists(cached(sha256));
        GcpHttp.Reply<byte[]> r = call(() -> http.send("DELETE", objects + path(name(sha256)), null, null,
                BodyHandlers.ofByteArray()));
        if (r.status() == 404) return false;
        if (!r.ok()) throw io(GcpHttp.failure(r.status(), r.body(), "deleting " + name(sha256)));
        return true;
    }

    String name(String sha256) {
        return prefix + "sha256/" + sha256;
    }

    Path cached(String sha256) {
        return cache.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /** Moves a verified file into the cache; another thread that got there first wins. */
    private void cache(Path file, String sha256) throws IOException {
        Path target = cached(sha256);
        if (Files.exists(target)) return;
        Files.createDirectories(target.getParent());
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            if (!Files.exists(target)) throw e;
        }
    }

    private Path staged(StagedArtifact staged) {
        if (!SHA256.matcher(staged.sha256()).matches() || !PART.matcher(staged.handle()).matches()) {
            throw new IllegalArgumentException("not an artifact staged by this store");
        }
        return tmp.resolve(staged.handle());
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    /** The SPI speaks IOException: an unreachable Cloud Storage or refused credentials become one. */
    private static <T> T call(Call<T> c) throws IOException {
        try {
            return c.run();
        } catch (AegisException e) {
            throw io(e);
        }
    }

    private static IOException io(RuntimeException e) {
        return new IOException("Cloud Storage: " + e.getMessage(), e);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String query(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One path segment: {@code /} in an object name is encoded too. */
    private static String path(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
