package org.aegisml.provider.azure.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.aegisml.testing.TestRuntime;

/**
 * A self-signed certificate for 127.0.0.1, made by the JDK's keytool, so that the fake Azure
 * Resource Manager and Entra ID speak HTTPS like the real ones (the SDK sends bearer tokens only
 * over HTTPS). The provider trusts it the way any JVM trusts a private CA: through the JVM's
 * default SSL context ({@code javax.net.ssl.trustStore} in production), which this test sets.
 */
final class Tls {
    static final char[] PASSWORD = "changeit".toCharArray();
    private static KeyStore keys;

    private Tls() {
    }

    static synchronized KeyStore keys() throws Exception {
        if (keys == null) {
            Path dir = Files.createTempDirectory(TestRuntime.dataDir(), "tls-");
            Path store = dir.resolve("fake-azure.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "fake-azure", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass",
                    new String(PASSWORD), "-keypass", new String(PASSWORD)).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("keytool.log").toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + Files.readString(dir.resolve("keytool.log")));
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, PASSWORD);
            }
            keys = ks;
        }
        return keys;
    }

    /** The server side: the fake's key and certificate. */
    static SSLContext server() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys(), PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** Makes the JVM's default SSL context trust the fake's certificate (HTTP clients built afterwards use it). */
    static synchronized void trustFake() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("fake-azure", keys().getCertificate("fake-azure"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLContext.setDefault(ctx);
    }
}
