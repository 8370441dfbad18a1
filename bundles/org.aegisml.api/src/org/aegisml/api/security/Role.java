package org.aegisml.api.security;

/**
 * Roles, each including everything the ones before it may do: a viewer reads, an operator
 * also writes, an approver also decides approvals, an admin may do anything (keys included).
 */
public enum Role {
    VIEWER, OPERATOR, APPROVER, ADMIN;

    public boolean includes(Role other) {
        return ordinal() >= other.ordinal();
    }
}
