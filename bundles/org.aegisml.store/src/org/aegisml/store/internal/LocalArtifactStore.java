package org.aegisml.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import org.aegisml.api.artifact.ArtifactStore;
import org.aegisml.api.artifact.ArtifactTooLargeException;
import org.aegisml.api.artifact.StagedArtifact;
import org.aegisml.api.artifact.StoredArtifact;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Artifacts as files named by their SHA-256 under {@code <dir>/sha256/ab/abcdef...}. Staging
 * streams to {@code <dir>/tmp} while hashing and forces the file to disk; commit renames it
 * into place, so a blob under a hash is always complete; bytes already present are not
 * written twice.
 */
@Component(service = ArtifactStore.class, configurationPid = "org.aegisml.store",
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = "aegisml.artifact.scheme=local")
public final class LocalArtifactStore implements ArtifactStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PART = Pattern.compile("upload-[0-9]+\\.part");
    private final Path root;
    private final Path tmp;

    @Activate
    public LocalArtifactStore(StoreConfig config) throws IOException {
        this(config.artifactDir().isBlank() ? requireDataDir(config).resolve("artifacts") : Path.of(config.artifactDir()));
    }

    LocalArtifactStore(Path root) throws IOException {
        this.root = root.toAbsolutePath();
        this.tmp = this.root.resolve("tmp");
        Files.createDirectories(tmp);
        Files.createDirectories(this.root.resolve("sha256"));
        // Parts left by a crash mid-upload were never acknowledged; drop them.
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(tmp, "*.part")) {
            for (Path p : parts) Files.deleteIfExists(p);
        }
    }

    private static Path requireDataDir(StoreConfig config) {
        if (config.dataDir().isBlank()) throw new IllegalArgumentException("no dataDir or artifactDir configured");
        return Path.of(config.dataDir());
    }

    @Override
    public String scheme() {
        return "local";
    }

    public Path root() {
        return root;
    }

    @Override
    public StagedArtifact stage(InputStream content, long maxBytes) throws IOException {
        Path part = Files.createTempFile(tmp, "upload-", ".part");
        boolean ok = false;
        try {
            MessageDigest md = Hashing.sha256();
            long size = 0;
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = content.read(buf)) > 0) {
                    size += n;
                    if (size > maxBytes) throw new ArtifactTooLargeException(maxBytes);
                    md.update(buf, 0, n);
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    while (bb.hasRemaining()) out.write(bb);
                }
                out.force(true);
            }
            ok = true;
            return new StagedArtifact(HexFormat.of().formatHex(md.digest()), size, part.getFileName().toString());
        } finally {
            if (!ok) Files.deleteIfExists(part);
        }
    }

    @Override
    public StoredArtifact commit(StagedArtifact staged) throws IOException {
        Path part = staged(staged);
        Path target = path(staged.sha256());
        try {
            if (Files.exists(target)) return new StoredArtifact(staged.sha256(), staged.size(), false);
            Files.createDirectories(target.getParent());
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (Files.exists(target)) return new StoredArtifact(staged.sha256(), staged.size(), false);
                throw e;
            }
            return new StoredArtifact(staged.sha256(), staged.size(), true);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    @Override
    public InputStream openStaged(StagedArtifact staged) throws IOException {
        return Files.newInputStream(staged(staged));
    }

    @Override
    public void discard(StagedArtifact staged) {
        try {
            Files.deleteIfExists(staged(staged));
        } catch (IOException e) {
            // A leftover part is removed at the next start; nothing refers to it.
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
        try {
            return Optional.of(Files.newInputStream(path(sha256)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(String sha256) {
        return SHA256.matcher(sha256).matches() && Files.exists(path(sha256));
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        return SHA256.matcher(sha256).matches() && Files.deleteIfExists(path(sha256));
    }

    private Path path(String sha256) {
        return root.resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256);
    }
}
