package org.aegisml.api.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides which replica does work that must happen once (rollout control, scheduled imports).
 * On PostgreSQL a named role is a session advisory lock held on a connection of its own, so
 * when the holder dies its connection closes, the database frees the lock, and the next
 * replica to ask takes it. On the embedded database only one process can open the store, so
 * the role is always held.
 */
@ProviderType
public interface Leadership {

    /**
     * Whether this process holds {@code role} now, acquiring it if nobody does. Checks that a
     * lock already held is still valid (its connection alive), so a replica cut off from the
     * database stops acting. Cheap enough to call before every unit of singleton work.
     */
    boolean holds(String role);

    /** Gives the role up if held (on shutdown, so another replica takes over at once). */
    void release(String role);
}
