package org.aegisml.api.provider;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One provider bundle's presence: its name, and whether it can reach its cloud or cluster with
 * the credentials its standard chain finds. Registered once per provider.
 */
@ConsumerType
public interface Provider {

    /** Service property naming the provider on each of its services: {@code aws}, {@code kubernetes}... */
    String PROPERTY = "aegisml.provider";

    /** Lower-case identifier, the value of {@link #PROPERTY} on the provider's other services. */
    String name();

    /** Human name, e.g. {@code Amazon Web Services}. */
    String title();

    /**
     * Checks credentials and reachability. Must not throw and must return within a few seconds
     * (callers list every provider's health in one response); a provider whose credentials are
     * missing answers {@link ProviderHealth.Status#NOT_CONFIGURED} and says which chain it tried.
     */
    ProviderHealth health();
}
