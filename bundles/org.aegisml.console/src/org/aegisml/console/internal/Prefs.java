package org.aegisml.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * What the console remembers between runs: the last server it connected to. Never the API
 * key: a key on disk in plain text is a key anyone with the home directory can use, so the
 * operator types it (or passes AEGISML_API_KEY) each time.
 */
final class Prefs {
    private final Path file;

    Prefs(Path file) {
        this.file = file;
    }

    String lastServer() {
        Properties p = new Properties();
        if (!Files.isRegularFile(file)) return "";
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            return "";
        }
        return p.getProperty("server", "");
    }

    /** Written to a temporary file and moved, so that a crash never leaves half a file. */
    void rememberServer(String url) throws IOException {
        Properties p = new Properties();
        p.setProperty("server", url);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "console", ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "AegisML console: the last server (never the key)");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
