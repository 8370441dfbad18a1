package org.aegisml.console.views.internal.model;

import java.util.Locale;

import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;

/**
 * Whether the operator at the console may decide an approval request, and if not, why: the
 * server's rules (pending only, approver role, never the requester) shown before the click,
 * not only enforced after it. The server stays the authority; this only explains.
 */
public record Decision(boolean allowed, String why) {
    public static Decision of(Approval a, Actor operator) {
        if (a == null) return new Decision(false, "Select a request.");
        if (a.state() != ApprovalState.PENDING) {
            return new Decision(false, "This request is already " + a.state().wire()
                    + (a.decidedByName() == null ? "." : " (by " + a.decidedByName() + ")."));
        }
        if (operator == null) return new Decision(false, "Not connected.");
        if (!operator.role().includes(Role.APPROVER)) {
            return new Decision(false, "Only the approver role may approve or reject; your key's role is "
                    + operator.role().name().toLowerCase(Locale.ROOT) + ".");
        }
        if (operator.id().equals(a.requestedBy()) || operator.name().equals(a.requestedByName())) {
            return new Decision(false, "You requested this (" + a.requestedByName()
                    + "): the requester can never approve their own request; another approver must decide.");
        }
        return new Decision(true, "You may approve or reject this request as " + operator.name() + ".");
    }
}
