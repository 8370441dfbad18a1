package org.aegisml.provider.gcp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Google's OAuth 2.0 token endpoint for service accounts (RFC 7523 JWT bearer grant): checks the
 * assertion's RS256 signature against the throwaway key pair it made, its issuer, audience
 * and scope, and issues access tokens the other fakes accept.
 */
final class FakeToken extends Fake {
    static final String EMAIL = "aegisml-test@aegis-test.iam.gserviceaccount.com";
    private final KeyPair keys;
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    final AtomicInteger grants = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();

    FakeToken() throws IOException {
        super(null);
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            keys = g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String tokenUri() {
        return base() + "/token";
    }

    boolean issued(String token) {
        return issued.contains(token);
    }

    /** A service-account key file as the console downloads it, naming this endpoint as token_uri. */
    Path writeServiceAccount(Path file) throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        ObjectNode sa = JSON.createObjectNode().put("type", "service_account").put("project_id", "aegis-test")
                .put("private_key_id", "test-key-1").put("private_key", pem).put("client_email", EMAIL)
                .put("client_id", "100000000000000000001").put("token_uri", tokenUri());
        Files.createDirectories(file.getParent());
        Files.write(file, JSON.writeValueAsBytes(sa));
        return file;
    }

    @Override
    void handle(HttpExchange x) throws IOException {
        if (!x.getRequestMethod().equals("POST") || !x.getRequestURI().getPath().equals("/token")) {
            send(x, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Map<String, String> form = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String problem = check(form);
        if (problem != null) {
            refused.incrementAndGet();
            json(x, 400, JSON.createObjectNode().put("error", "invalid_grant").put("error_description", problem));
            return;
        }
        grants.incrementAndGet();
        String token = "ya29.test-" + UUID.randomUUID();
        issued.add(token);
        json(x, 200, JSON.createObjectNode().put("access_token", token).put("expires_in", 3600).put("token_type", "Bearer"));
    }

    private String check(Map<String, String> form) {
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) return "wrong grant_type";
        String[] jwt = form.getOrDefault("assertion", "").split("\\.");
        if (jwt.length != 3) return "assertion is not a JWT";
        try {
            Base64.Decoder d = Base64.getUrlDecoder();
            JsonNode header = JSON.readTree(d.decode(jwt[0]));
            JsonNode claims = JSON.readTree(d.decode(jwt[1]));
            if (!"RS256".equals(header.path("alg").asText())) return "alg is not RS256";
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify((RSAPublicKey) keys.getPublic());
            s.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(d.decode(jwt[2]))) return "bad signature";
            if (!EMAIL.equals(claims.path("iss").asText())) return "wrong iss";
            // The audience is Google's token endpoint whatever token_uri says (the auth library's and the documented value).
            if (!"https://oauth2.googleapis.com/token".equals(claims.path("aud").asText())) return "wrong aud " + claims.path("aud");
            if (!claims.path("scope").asText().contains("https://www.googleapis.com/auth/cloud-platform")) {
                return "scope lacks cloud-platform: " + claims.path("scope");
            }
            if (claims.path("exp").asLong() < Instant.now().getEpochSecond()) return "expired";
            return null;
        } catch (Exception e) {
            return "unreadable assertion: " + e;
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new java.util.HashMap<>();
        for (String p : body.split("&")) {
            int eq = p.indexOf('=');
            if (eq > 0) {
                m.put(java.net.URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }
}
