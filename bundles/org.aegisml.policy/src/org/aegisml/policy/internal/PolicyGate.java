package org.aegisml.policy.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.policy.Decision;
import org.aegisml.api.policy.DecisionPoint;
import org.aegisml.api.policy.Effect;
import org.aegisml.api.policy.PolicyEngine;
import org.aegisml.api.registry.Asset;
import org.aegisml.api.registry.AssetVersion;
import org.aegisml.api.registry.ModelVersionSpec;
import org.aegisml.api.registry.PromotionDecision;
import org.aegisml.api.registry.PromotionGate;
import org.aegisml.api.registry.PromotionRequest;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.store.Store;
import org.aegisml.api.store.StoreTx;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Asks the policy engine about every stage change. {@code deny} stops it with the policies'
 * reasons; {@code require_approval} files a {@code stage} approval request (the same kind the
 * deployment bundle's approval gate files, so one approval answers both) and lets the move
 * through once as many different people other than the requester as the policy asks for have
 * approved requests for that version since its last rejection.
 * <p>
 * Like the other gates it reads the registry through the store: the registry binds every
 * gate, so needing the Registry service here would make a reference cycle.
 */
@Component(service = PromotionGate.class)
public final class PolicyGate implements PromotionGate {
    static final String NAME = "policy";

    private final Store store;
    private final PolicyEngine engine;

    @Activate
    public PolicyGate(@Reference Store store, @Reference PolicyEngine engine) {
        this.store = store;
        this.engine = engine;
    }

    @Override
    public PromotionDecision check(PromotionRequest request) {
        if (!engine.applies(DecisionPoint.PROMOTION)) return PromotionDecision.allow(NAME);
        Map<String, Object> context = context(request);
        Decision d = engine.decide(DecisionPoint.PROMOTION, context, request.actor());
        if (d.effect() == Effect.DENY) return PromotionDecision.deny(NAME, "denied by policy: " + d.reason());
        if (d.effect() != Effect.REQUIRE_APPROVAL) return PromotionDecision.allow(NAME);
        return approvals(request, d);
    }

    private Map<String, Object> context(PromotionRequest r) {
        VersionRef ref = r.version();
        return store.read(tx -> {
            Map<String, Object> c = new LinkedHashMap<>();
            Optional<Asset> asset = tx.registry().findAsset(ref.type(), ref.name());
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("type", ref.type().name().toLowerCase(Locale.ROOT));
            a.put("name", ref.name());
            a.put("tags", asset.map(Asset::tags).orElse(Map.of()));
            c.put("asset", a);
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("ref", ref.toString());
            v.put("type", ref.type().name().toLowerCase(Locale.ROOT));
            v.put("name", ref.name());
            v.put("number", ref.version());
            Optional<AssetVersion> version = tx.registry().findVersion(ref.type(), ref.name(), ref.version());
            v.put("stage", version.map(x -> x.stage().name().toLowerCase(Locale.ROOT)).orElse(null));
            v.put("tags", version.map(x -> x.spec() instanceof ModelVersionSpec m ? (Object) m.tags() : Map.of()).orElse(Map.of()));
            v.put("metrics", version.map(x -> x.spec() instanceof ModelVersionSpec m ? (Object) m.metrics() : Map.of()).orElse(Map.of()));
            c.put("version", v);
            c.put("from", r.from() == null ? null : r.from().name().toLowerCase(Locale.ROOT));
            c.put("to", r.to().name().toLowerCase(Locale.ROOT));
            c.put("reason", r.reason());
            return c;
        });
    }

    private PromotionDecision approvals(PromotionRequest request, Decision d) {
        String subject = request.version().toString();
        int needed = Math.max(1, d.approvers());
        return store.write(tx -> {
            Set<String> approvers = new HashSet<>();
            boolean pending = false;
            for (Approval a : tx.deployments().approvals("stage", subject)) { // newest first
                if (a.state() == ApprovalState.REJECTED) break;
                if (a.state() == ApprovalState.PENDING) pending = true;
                if (a.state() == ApprovalState.APPROVED && a.decidedBy() != null) approvers.add(a.decidedBy());
            }
            if (approvers.size() >= needed) return PromotionDecision.allow(NAME);
            if (pending) {
                return PromotionDecision.deny(NAME, "waiting for approval of the move of " + subject + " to "
                        + request.to().name().toLowerCase(Locale.ROOT) + " (" + approvers.size() + " of " + needed
                        + " approvers so far)");
            }
            String id = file(tx, request, d, subject);
            return PromotionDecision.deny(NAME, "policy requires approval by " + needed + (needed == 1 ? " person" : " people")
                    + " other than the requester (" + d.reason() + "): request " + id + " was filed; retry once approved");
        });
    }

    private static String file(StoreTx tx, PromotionRequest request, Decision d, String subject) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("version", subject);
        evidence.put("from", request.from() == null ? null : request.from().name().toLowerCase(Locale.ROOT));
        evidence.put("to", request.to().name().toLowerCase(Locale.ROOT));
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("effect", d.effect().wire());
        policy.put("approvers", d.approvers());
        policy.put("matches", Inputs.matches(d.matches()));
        evidence.put("policy_decision", policy);
        tx.registry().findVersion(request.version().type(), request.version().name(), request.version().version())
                .ifPresent(v -> evidence.put("spec", v.spec()));
        Approval a = new Approval(UUID.randomUUID().toString(), "stage", subject, null, ApprovalState.PENDING,
                request.actor().id(), request.actor().name(), now, request.reason(), null, null, null, null, evidence);
        tx.deployments().insertApproval(a);
        tx.audit().append(new AuditRecord(request.actor().name(), "approval.request", "approvals/" + a.id(), null,
                Inputs.json(Map.of("kind", "stage", "subject", subject, "by", "policy"))));
        return a.id();
    }
}
