package org.aegisml.provider.gcp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;

/**
 * Application Default Credentials, found by Google's auth library exactly as Google's own
 * clients find them: the file named by {@code GOOGLE_APPLICATION_CREDENTIALS}, gcloud's
 * {@code application_default_credentials.json}, then the metadata server (GCE, GKE workload
 * identity, Cloud Run). Scoped to {@code cloud-platform}; every call sends the access token as
 * {@code Authorization: Bearer}.
 * <p>
 * {@code GOOGLE_APPLICATION_CREDENTIALS} may also be given as a system property of that name,
 * read only when the environment variable is unset: an OSGi launcher sets system properties
 * more easily than its process environment, and a running JVM (a test) cannot change its
 * environment at all. The auth library itself caches what it finds for the life of the JVM,
 * so a file named by the property is read here, again only when it changes. Nothing about the credentials
 * is ever logged or put in a message except where they came from.
 */
final class Adc {
    static final String ENV = "GOOGLE_APPLICATION_CREDENTIALS";
    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    /** What {@link #credentials()} looked for, for health and error messages. */
    static final String CHAIN = "Application Default Credentials (" + ENV + " environment variable or system property, "
            + "gcloud's application_default_credentials.json, the metadata server)";

    private String path;
    private FileTime modified;
    private GoogleCredentials fromPath;

    /** The scoped credentials, or an IOException saying why none were found. */
    GoogleCredentials credentials() throws IOException {
        String p = System.getenv(ENV);
        if (p == null || p.isBlank()) p = System.getProperty(ENV, "");
        if (p.isBlank()) return scoped(GoogleCredentials.getApplicationDefault());
        synchronized (this) {
            try {
                // Read again when the file was replaced (a rotated key), not for every call.
                FileTime m = Files.getLastModifiedTime(Path.of(p));
                if (!p.equals(path) || !m.equals(modified)) {
                    try (InputStream in = Files.newInputStream(Path.of(p))) {
                        fromPath = scoped(GoogleCredentials.fromStream(in));
                    }
                    path = p;
                    modified = m;
                }
            } catch (IOException | RuntimeException e) {
                throw new IOException("cannot read the credentials file named by " + ENV + " (" + p + "): "
                        + e.getMessage(), e);
            }
            return fromPath;
        }
    }

    /** A current access token, refreshed when it is about to expire. */
    String token() throws IOException {
        GoogleCredentials c = credentials();
        c.refreshIfExpired();
        AccessToken t = c.getAccessToken();
        if (t == null) throw new IOException("the credentials gave no access token");
        return t.getTokenValue();
    }

    private static GoogleCredentials scoped(GoogleCredentials c) {
        return c.createScopedRequired() ? c.createScoped(List.of(SCOPE)) : c;
    }
}
