package org.aegisml.api.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.aegisml.api.security.Actor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Policy documents, managed through the API. A document that does not parse, whose
 * expressions do not compile or that references a variable its decision points do not have
 * is refused with a {@link org.aegisml.api.ValidationException} naming the field, and never
 * saved. Every save, enable, disable and delete is audited.
 */
@ProviderType
public interface Policies {
    /** Saves {@code source} ({@code format} yaml or json) as the next version of policy {@code name}. */
    Policy save(String name, String format, String source, boolean enabled, Actor actor);

    List<Policy> list();

    /** The latest version. */
    Optional<Policy> get(String name);

    Optional<Policy> version(String name, int version);

    List<Policy> versions(String name);

    /** Turns the latest version on or off (no new version). */
    Policy enable(String name, boolean enabled, Actor actor);

    /** Deletes every version; decisions already made stay in the audit log. */
    void delete(String name, Actor actor);

    /**
     * Evaluates {@code source} (or, when null, the saved policy {@code name}) against
     * {@code context} at {@code point} without effect: nothing is saved or audited, no
     * approval is filed.
     */
    Decision dryRun(String name, String format, String source, DecisionPoint point, Map<String, Object> context,
            Actor actor);
}
