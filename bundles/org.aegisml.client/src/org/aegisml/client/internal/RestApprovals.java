package org.aegisml.client.internal;

import java.util.List;
import java.util.Optional;

import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Approvals;
import org.aegisml.api.security.Actor;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link Approvals} over {@code /api/v1/approvals}. The {@code Actor} arguments are ignored:
 * the server knows the caller from the connection's key, and refuses (403) a key that is not
 * an approver, or that filed the request itself.
 */
final class RestApprovals implements Approvals {
    static final String BASE = "/api/v1/approvals";
    private final RestClient http;

    RestApprovals(RestClient http) {
        this.http = http;
    }

    @Override
    public List<Approval> list(ApprovalState state) {
        return Wire.items(http.get(Query.of().add("state", state == null ? null : state.wire()).on(BASE)),
                DeploymentWire::approval);
    }

    @Override
    public Optional<Approval> approval(String id) {
        return Remote.optional(() -> DeploymentWire.approval(http.get(BASE + "/" + RestClient.seg("id", id))), "id");
    }

    @Override
    public Approval approve(String id, String comment, Actor actor) {
        return decide(id, "approve", comment);
    }

    @Override
    public Approval reject(String id, String comment, Actor actor) {
        return decide(id, "reject", comment);
    }

    private Approval decide(String id, String decision, String comment) {
        ObjectNode body = Wire.object();
        body.put("comment", comment);
        return DeploymentWire.approval(http.send("POST", BASE + "/" + RestClient.seg("id", id) + "/" + decision, body));
    }

    @Override
    public String toString() {
        return "RestApprovals[" + http.server() + "]";
    }
}
