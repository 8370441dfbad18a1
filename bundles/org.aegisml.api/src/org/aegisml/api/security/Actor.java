package org.aegisml.api.security;

/** The authenticated caller of a service: the key's id, its name and its role. */
public record Actor(String id, String name, Role role) {
    /** The server itself, for work it does on its own (bootstrap, scheduled jobs). */
    public static final Actor SYSTEM = new Actor("system", "system", Role.ADMIN);

    public void require(Role needed) {
        if (!role.includes(needed)) {
            throw new org.aegisml.api.ForbiddenException(null,
                    "role " + role.name().toLowerCase(java.util.Locale.ROOT) + " may not do this; "
                            + needed.name().toLowerCase(java.util.Locale.ROOT) + " or higher is needed");
        }
    }
}
