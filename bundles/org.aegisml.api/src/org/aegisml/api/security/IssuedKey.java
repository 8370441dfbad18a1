package org.aegisml.api.security;

/** A key just created: {@code secret} is shown to the caller this once and never again. */
public record IssuedKey(ApiKey key, String secret) {
}
