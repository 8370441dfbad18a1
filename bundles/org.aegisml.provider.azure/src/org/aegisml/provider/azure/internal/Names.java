package org.aegisml.provider.azure.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

import org.aegisml.api.registry.VersionRef;

/** Azure ML's naming rules for online endpoints and deployments, and the deployment name of a version. */
final class Names {
    /** Online endpoint: 3 to 32 characters, letters, digits and '-', starting with a letter, not ending with '-'. */
    static final Pattern ENDPOINT = Pattern.compile("[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]");
    static final int MAX = 32;

    private Names() {
    }

    /**
     * {@code <model>-v<version>} in lower case, e.g. {@code churn-v3}. A model name the rules do
     * not allow as it is (other characters, too long, not starting with a letter) is cleaned and
     * given a short hash of the original, so two models never share a deployment name.
     */
    static String deployment(VersionRef v) {
        String suffix = "-v" + v.version();
        String lower = v.name().toLowerCase(Locale.ROOT);
        String clean = lower.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        boolean exact = clean.equals(v.name()) && !clean.isEmpty() && Character.isLetter(clean.charAt(0))
                && clean.length() + suffix.length() <= MAX;
        if (exact) return clean + suffix;
        String hash = "-" + hash(v.name());
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) clean = "m" + (clean.isEmpty() ? "" : "-" + clean);
        int room = MAX - suffix.length() - hash.length();
        if (clean.length() > room) clean = clean.substring(0, room).replaceAll("-+$", "");
        return clean + hash + suffix;
    }

    static boolean validEndpoint(String name) {
        return name != null && ENDPOINT.matcher(name).matches();
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
