package org.aegisml.store.internal;

/**
 * What a transaction knows about the audit chain: whether it holds the append lock yet, and
 * the newest entry as it stands inside the transaction. Shared by the units of a group
 * commit, so that only the first of them locks and reads the head; forgotten when a unit is
 * rolled back to its savepoint, since that may have undone both.
 */
final class ChainHead {
    boolean locked;
    long seq = -1;
    String hash;

    boolean known() {
        return seq >= 0;
    }

    void forget() {
        locked = false;
        seq = -1;
        hash = null;
    }
}
