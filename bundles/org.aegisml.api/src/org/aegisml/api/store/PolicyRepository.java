package org.aegisml.api.store;

import java.util.List;
import java.util.Optional;

import org.aegisml.api.policy.Policy;
import org.osgi.annotation.versioning.ProviderType;

/** Saved policy versions. A second insert of one (name, version) is a conflict. */
@ProviderType
public interface PolicyRepository {
    void insert(Policy policy);

    /** The latest version of every policy, by name. */
    List<Policy> latest();

    /** The latest version of one policy. */
    Optional<Policy> latest(String name);

    /** Every version of one policy, oldest first. */
    List<Policy> versions(String name);

    Optional<Policy> find(String name, int version);

    /** The latest version, its row locked until the unit ends (so two saves number versions one after the other). */
    Optional<Policy> lockLatest(String name);

    void setEnabled(String name, int version, boolean enabled);

    /** Deletes every version; returns how many. */
    int delete(String name);
}
