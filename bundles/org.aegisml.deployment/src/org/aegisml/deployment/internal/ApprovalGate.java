package org.aegisml.deployment.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.PromotionDecision;
import org.aegisml.api.registry.PromotionGate;
import org.aegisml.api.registry.PromotionRequest;
import org.aegisml.api.registry.Stage;
import org.aegisml.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Makes a move of a registry version to {@code production} wait for a second person when the
 * asset is tagged {@code approval=required} (or when {@code productionApproval} is set for
 * every asset). The first attempt files a {@code stage} approval request and is denied with
 * its id; once another approver has approved it, the same move goes through. A rejected
 * request denies the move until someone asks again.
 * <p>
 * It reads the asset through the store, not the {@code Registry} service: the registry binds
 * every gate, so a gate that needed the registry would make a reference cycle that Declarative
 * Services resolves only some of the time.
 */
@Component(service = PromotionGate.class, configurationPid = "org.aegisml.deployment")
public final class ApprovalGate implements PromotionGate {
    static final String NAME = "approval";

    public @interface Config {
        /** Every move to production needs approval, not only those of assets tagged approval=required. */
        boolean productionApproval() default false;
    }

    private final Store store;
    private final boolean always;

    @Activate
    public ApprovalGate(@Reference Store store, Config config) {
        this.store = store;
        this.always = config.productionApproval();
    }

    @Override
    public PromotionDecision check(PromotionRequest request) {
        if (request.to() != Stage.PRODUCTION) return PromotionDecision.allow(NAME);
        Optional<Asset> asset = store.read(tx -> tx.registry().findAsset(request.version().type(), request.version().name()));
        boolean required = always || asset.map(a -> "required".equalsIgnoreCase(a.tags().get("approval"))).orElse(false);
        if (!required) return PromotionDecision.allow(NAME);
        String subject = request.version().toString();
        return store.write(tx -> {
            Approval latest = null;
            for (Approval a : tx.deployments().approvals(null)) {
                if (a.kind().equals("stage") && a.subject().equals(subject)) {
                    latest = a;
                    break;
                }
            }
            if (latest != null && latest.state() == ApprovalState.APPROVED) return PromotionDecision.allow(NAME);
            if (latest != null && latest.state() == ApprovalState.PENDING) {
                return PromotionDecision.deny(NAME, "waiting for approval " + latest.id() + " of the move of " + subject
                        + " to production");
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("version", subject);
            evidence.put("from", request.from().name().toLowerCase(java.util.Locale.ROOT));
            evidence.put("to", "production");
            tx.registry().findVersion(request.version().type(), request.version().name(), request.version().version())
                    .ifPresent(v -> evidence.put("spec", v.spec()));
            Approval a = new Approval(UUID.randomUUID().toString(), "stage", subject, null, ApprovalState.PENDING,
                    request.actor().id(), request.actor().name(), now, request.reason(), null, null, null, null, evidence);
            tx.deployments().insertApproval(a);
            tx.audit().append(new AuditRecord(request.actor().name(), "approval.request", "approvals/" + a.id(), null,
                    Transitions.write(JsonMapper.builder().findAndAddModules().build(),
                            Map.of("kind", "stage", "subject", subject))));
            return PromotionDecision.deny(NAME, "moving " + subject + " to production needs approval: request " + a.id()
                    + " was filed; once another approver approves it, retry the move");
        });
    }
}
