package org.aegisml.provider.azure.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.aegisml.testing.TestRuntime;

/**
 * Azurite, Microsoft's storage emulator, on a free loopback port: installed from the npm
 * registry into {@code ~/.cache/aegisml/azurite} when it is not there yet (pinned to 3.35.0, the
 * last release that runs on Node 20), started in memory, stopped by {@link #close()}.
 */
final class Azurite implements AutoCloseable {
    static final String VERSION = "3.35.0";
    static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's well-known development key (public, in Microsoft's documentation). */
    static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    final int port;

    private Azurite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint=" + endpoint()
                + ";";
    }

    static Azurite start() throws Exception {
        Path home = Path.of(System.getProperty("user.home"), ".cache", "aegisml", "azurite");
        Path bin = home.resolve("node_modules").resolve(".bin").resolve("azurite-blob");
        Path logs = Files.createDirectories(TestRuntime.dataDir().resolve("azurite"));
        if (!Files.isExecutable(bin)) {
            Files.createDirectories(home);
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", home.toString(),
                    "azurite@" + VERSION).redirectErrorStream(true).redirectOutput(logs.resolve("npm.log").toFile()).start();
            if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0 || !Files.isExecutable(bin)) {
                npm.destroyForcibly();
                throw new IllegalStateException("could not install azurite@" + VERSION + " with npm: "
                        + Files.readString(logs.resolve("npm.log")));
            }
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path work = Files.createTempDirectory(logs, "run-");
        Process p = new ProcessBuilder(bin.toString(), "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port),
                "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry")
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("azurite.log").toFile())
                .start();
        Azurite a = new Azurite(p, port);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new IllegalStateException("azurite exited: " + Files.readString(work.resolve("azurite.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return a;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        a.close();
        throw new IllegalStateException("azurite did not listen on " + port + " within 60 s");
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
