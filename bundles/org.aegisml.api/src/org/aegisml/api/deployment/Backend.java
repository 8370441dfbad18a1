package org.aegisml.api.deployment;

import java.time.Duration;
import java.util.Map;

/**
 * Where and how a version is served. {@code type} names an {@link InferenceBackend}
 * ({@code http-json}, {@code openai-chat}, or a provider's); {@code url} is what that backend
 * calls; {@code timeout} bounds one call (connect and answer); {@code retries} is how many
 * times a call that could not connect is tried again on top of the first try (never a call
 * that reached the server). {@code options} are backend specific, e.g. {@code model} (the
 * served model's name at an OpenAI-compatible server), {@code api_key}, {@code header.X-Name};
 * option names containing {@code key}, {@code token}, {@code secret}, {@code password} or
 * {@code authorization} are secret and masked whenever a deployment is shown.
 * Null timeout means 30 s, null retries 1.
 */
public record Backend(String type, String url, Duration timeout, Integer retries, Map<String, String> options) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public Backend {
        options = options == null ? Map.of() : Map.copyOf(options);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        retries = retries == null ? 1 : retries;
    }

    /** Whether an option's value must never be shown. */
    public static boolean secretOption(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.contains("key") || n.contains("token") || n.contains("secret") || n.contains("password")
                || n.contains("authorization");
    }

    /** This backend with every secret option replaced by {@code ****}. */
    public Backend masked() {
        Map<String, String> m = new java.util.TreeMap<>(options);
        m.replaceAll((k, v) -> secretOption(k) ? "****" : v);
        return new Backend(type, url, timeout, retries, m);
    }
}
