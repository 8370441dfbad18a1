package org.aegisml.api.deployment;

import java.util.List;
import java.util.Optional;

import org.aegisml.api.security.Actor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Approval requests and their decisions. Only the approver role (or admin) decides, never the
 * requester ({@link org.aegisml.api.ForbiddenException}); a request already decided answers
 * {@link org.aegisml.api.ConflictException}. Every request and decision is audited, and a
 * decision takes effect on what it gates at once.
 */
@ProviderType
public interface Approvals {

    /** Requests in {@code state} (all when null), newest first. */
    List<Approval> list(ApprovalState state);

    Optional<Approval> approval(String id);

    Approval approve(String id, String comment, Actor actor);

    Approval reject(String id, String comment, Actor actor);
}
