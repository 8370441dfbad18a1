package org.aegisml.api.provider;

import java.time.Instant;

/**
 * The outcome of {@link Provider#health()}: {@code detail} says in words what was checked or what
 * is missing (never a secret).
 */
public record ProviderHealth(Status status, String detail, Instant checkedAt) {

    public enum Status {
        /** Credentials found and the provider answered. */
        OK,
        /** No credentials (or no region, project, cluster...) found by the standard chain. */
        NOT_CONFIGURED,
        /** Configured, but the provider did not answer or refused the credentials. */
        UNREACHABLE
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
