package org.aegisml.deployment.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.deployment.Approval;
import org.aegisml.api.deployment.ApprovalState;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutEvent;
import org.aegisml.api.deployment.RolloutState;
import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.Step;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.registry.AliasChange;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.store.DeploymentRepository;
import org.aegisml.api.store.RegistryRepository;
import org.aegisml.api.store.StoreTx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every state change of a rollout, each applied inside the caller's unit of work on rows the
 * caller has locked: the rollout, its deployment's routing, the registry aliases and the
 * audit log change together or not at all. Both the controller and operators' actions go
 * through here, so an automatic rollback and a manual one are the same transition.
 */
final class Transitions {
    static final String CANARY_ALIAS = "canary";
    static final String PRODUCTION_ALIAS = "production";

    private final ObjectMapper json;

    Transitions(ObjectMapper json) {
        this.json = json;
    }

    /** The gateway routing of a rollout that is live at its current step. */
    static Routing routing(Rollout r, int step) {
        return switch (r.strategy()) {
            case CANARY -> new Routing(Strategy.CANARY, r.spec().steps().get(step - 1).weight(), 0, null);
            // Blue-green's candidate gets no live traffic before the switch: it is analysed on mirrored requests.
            case SHADOW, BLUE_GREEN -> new Routing(Strategy.SHADOW, 0, r.spec().shadowPercent(), null);
            case AB -> new Routing(Strategy.AB, r.spec().weight(), 0, r.spec().stickyKey());
        };
    }

    /** The candidate's share of live traffic at a step (0 while it only sees copies). */
    static int liveWeight(Rollout r, int step) {
        return switch (r.strategy()) {
            case CANARY -> r.spec().steps().get(step - 1).weight();
            case SHADOW, BLUE_GREEN -> 0;
            case AB -> r.spec().weight();
        };
    }

    /** A step neither held for a time nor analysed: the rollout waits there for an operator. */
    static boolean manualPause(Step s) {
        return s.duration() == null && !Boolean.TRUE.equals(s.analysis());
    }

    /** Puts a rollout at {@code step} (1-based): routing set, timer restarted; a manual-pause step pauses it. */
    Rollout enterStep(StoreTx tx, Deployment d, Rollout r, int step, String actor, String why, Instant now) {
        RolloutBuilder b = new RolloutBuilder(r);
        b.step = step;
        b.weight = liveWeight(r, step);
        b.stepStartedAt = now;
        b.updatedAt = now;
        Step s = r.spec().steps().get(step - 1);
        boolean pause = manualPause(s);
        b.state = pause ? RolloutState.PAUSED : RolloutState.PROGRESSING;
        b.reason = pause ? "paused at step " + step + " until an operator resumes it" : why;
        Rollout next = b.build();
        DeploymentRepository repo = tx.deployments();
        repo.updateRollout(next);
        repo.updateDeployment(RolloutBuilder.routed(d, r.candidate(), routing(r, step), r.id(), now));
        event(tx, next, "step", actor, b.reason, Map.of("step", step, "weight", b.weight));
        return next;
    }

    /** The candidate becomes the stable; the old stable stays warm for the rollback window. */
    Rollout promote(StoreTx tx, Deployment d, Rollout r, String actor, String why, Map<String, Object> details, Instant now) {
        RolloutBuilder b = new RolloutBuilder(r);
        b.state = RolloutState.PROMOTED;
        b.weight = 100;
        b.updatedAt = now;
        b.endedAt = now;
        b.reason = why;
        b.approval = null;
        Rollout next = b.build();
        DeploymentRepository repo = tx.deployments();
        repo.updateRollout(next);
        repo.updateDeployment(RolloutBuilder.switched(d, r.candidate(), d.stable(), now.plus(r.spec().rollbackWindow()), now));
        alias(tx, r.candidate().version(), PRODUCTION_ALIAS, r.candidate().version().version(), actor, why, now);
        dropAlias(tx, r.candidate().version(), CANARY_ALIAS, actor, why, now);
        event(tx, next, "promoted", actor, why, details);
        audit(tx, actor, "rollout.promote", r, view(r), view(next));
        return next;
    }

    /**
     * Ends a live rollout with the candidate out of traffic: weight 0 at once, the candidate
     * unbound, aliases back on the stable. {@code state} is ROLLED_BACK or ABORTED.
     */
    Rollout revert(StoreTx tx, Deployment d, Rollout r, RolloutState state, String actor, String why,
            Map<String, Object> details, Instant now) {
        RolloutBuilder b = new RolloutBuilder(r);
        b.state = state;
        b.weight = 0;
        b.updatedAt = now;
        b.endedAt = now;
        b.reason = why;
        b.approval = null;
        Rollout next = b.build();
        DeploymentRepository repo = tx.deployments();
        cancelApproval(tx, r, actor, now);
        repo.updateRollout(next);
        repo.updateDeployment(RolloutBuilder.routed(d, null, Routing.STABLE_ONLY, null, now));
        dropAlias(tx, r.candidate().version(), CANARY_ALIAS, actor, why, now);
        VersionRef stable = r.stable().version();
        if (stable.type() == r.candidate().version().type() && stable.name().equals(r.candidate().version().name())) {
            alias(tx, stable, PRODUCTION_ALIAS, stable.version(), actor, why, now);
        }
        event(tx, next, state == RolloutState.ABORTED ? "aborted" : "rolled_back", actor, why, details);
        audit(tx, actor, state == RolloutState.ABORTED ? "rollout.abort" : "rollout.rollback", r, view(r), view(next));
        return next;
    }

    /** After a promotion, within the rollback window: the previous stable serves again, at once. */
    Rollout revertPromotion(StoreTx tx, Deployment d, Rollout r, String actor, String why, Instant now) {
        Target previous = d.previous();
        RolloutBuilder b = new RolloutBuilder(r);
        b.state = RolloutState.ROLLED_BACK;
        b.weight = 0;
        b.updatedAt = now;
        b.reason = why;
        Rollout next = b.build();
        tx.deployments().updateRollout(next);
        tx.deployments().updateDeployment(RolloutBuilder.switched(d, previous, null, null, now));
        VersionRef p = previous.version();
        VersionRef c = r.candidate().version();
        if (p.type() == c.type() && p.name().equals(c.name())) {
            alias(tx, p, PRODUCTION_ALIAS, p.version(), actor, why, now);
        }
        event(tx, next, "rolled_back", actor, why, Map.of("restored", p.toString()));
        audit(tx, actor, "rollout.rollback", r, view(r), view(next));
        return next;
    }

    Rollout pause(StoreTx tx, Rollout r, String actor, String why, Map<String, Object> details, Instant now) {
        RolloutBuilder b = new RolloutBuilder(r);
        b.state = RolloutState.PAUSED;
        b.updatedAt = now;
        b.reason = why;
        Rollout next = b.build();
        tx.deployments().updateRollout(next);
        event(tx, next, "paused", actor, why, details);
        audit(tx, actor, "rollout.pause", r, view(r), view(next));
        return next;
    }

    Rollout resume(StoreTx tx, Rollout r, String actor, String why, Instant now) {
        RolloutBuilder b = new RolloutBuilder(r);
        b.state = RolloutState.PROGRESSING;
        b.inconclusives = 0;
        b.updatedAt = now;
        b.reason = why;
        Rollout next = b.build();
        tx.deployments().updateRollout(next);
        event(tx, next, "resumed", actor, why, Map.of());
        audit(tx, actor, "rollout.resume", r, view(r), view(next));
        return next;
    }

    /** Records a measurement's effect on the counters without changing state. */
    Rollout counted(StoreTx tx, Rollout r, int failures, int inconclusives, Instant now) {
        RolloutBuilder b = new RolloutBuilder(r);
        b.failures = failures;
        b.inconclusives = inconclusives;
        b.updatedAt = now;
        Rollout next = b.build();
        tx.deployments().updateRollout(next);
        return next;
    }

    /** Asks a person: the rollout waits (PAUSED with the request's id) until approved or rejected. */
    Rollout awaitApproval(StoreTx tx, Rollout r, String kind, String requestedBy, String requestedByName, String why,
            Map<String, Object> evidence, RolloutState waitIn, Instant now) {
        Approval a = new Approval(UUID.randomUUID().toString(), kind, r.id(), r.deployment(), ApprovalState.PENDING,
                requestedBy, requestedByName, now, why, null, null, null, null, evidence);
        tx.deployments().insertApproval(a);
        tx.audit().append(new AuditRecord(requestedByName, "approval.request", "approvals/" + a.id(), null,
                write(Map.of("kind", kind, "subject", r.id(), "deployment", r.deployment(), "reason", why))));
        RolloutBuilder b = new RolloutBuilder(r);
        b.state = waitIn;
        b.approval = a.id();
        b.updatedAt = now;
        b.reason = why;
        Rollout next = b.build();
        tx.deployments().updateRollout(next);
        event(tx, next, "approval_requested", requestedByName, why, Map.of("approval", a.id(), "kind", kind));
        return next;
    }

    /** A rollout that ends first leaves no request pending on it. */
    private void cancelApproval(StoreTx tx, Rollout r, String actor, Instant now) {
        if (r.approval() == null) return;
        tx.deployments().lockApproval(r.approval()).filter(a -> a.state() == ApprovalState.PENDING).ifPresent(a -> {
            tx.deployments().updateApproval(new Approval(a.id(), a.kind(), a.subject(), a.deployment(),
                    ApprovalState.CANCELLED, a.requestedBy(), a.requestedByName(), a.requestedAt(), a.reason(), null, actor,
                    now, "the rollout ended first", a.evidence()));
            tx.audit().append(new AuditRecord(actor, "approval.cancel", "approvals/" + a.id(), null,
                    write(Map.of("reason", "the rollout ended first"))));
        });
    }

    void event(StoreTx tx, Rollout r, String type, String actor, String why, Map<String, Object> details) {
        tx.deployments().insertRolloutEvent(r.id(), new RolloutEvent(r.updatedAt(), type, r.state(), r.step(),
                r.candidateWeight(), actor, why, details));
    }

    void audit(StoreTx tx, String actor, String action, Rollout r, Object before, Object after) {
        tx.audit().append(new AuditRecord(actor, action, "rollouts/" + r.id(), write(before), write(after)));
    }

    /** Points an alias of the version's asset at {@code version}, like the registry does, in this unit. */
    static void alias(StoreTx tx, VersionRef asset, String alias, int version, String actor, String why, Instant now,
            ObjectMapper json) {
        RegistryRepository reg = tx.registry();
        if (reg.findVersion(asset.type(), asset.name(), version).isEmpty()) return;
        Integer from = reg.aliases(asset.type(), asset.name()).get(alias);
        if (from != null && from == version) return;
        reg.putAlias(asset.type(), asset.name(), alias, version);
        reg.insertAliasChange(new AliasChange(asset.type(), asset.name(), alias, from, version, actor, why, now));
        tx.audit().append(new AuditRecord(actor, "alias.set", asset.type().collection() + "/" + asset.name() + "/aliases/" + alias,
                from == null ? null : write(json, Map.of("version", from)),
                write(json, Map.of("version", version, "reason", why == null ? "" : why))));
    }

    private void alias(StoreTx tx, VersionRef asset, String alias, int version, String actor, String why, Instant now) {
        alias(tx, asset, alias, version, actor, why, now, json);
    }

    private void dropAlias(StoreTx tx, VersionRef asset, String alias, String actor, String why, Instant now) {
        RegistryRepository reg = tx.registry();
        Integer from = reg.aliases(asset.type(), asset.name()).get(alias);
        if (from == null) return;
        reg.putAlias(asset.type(), asset.name(), alias, null);
        reg.insertAliasChange(new AliasChange(asset.type(), asset.name(), alias, from, null, actor, why, now));
        tx.audit().append(new AuditRecord(actor, "alias.delete", asset.type().collection() + "/" + asset.name() + "/aliases/" + alias,
                write(Map.of("version", from)), null));
    }

    /** A rollout as the audit log keeps it. */
    static Map<String, Object> view(Rollout r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("deployment", r.deployment());
        m.put("strategy", r.strategy().wire());
        m.put("stable", r.stable().version().toString());
        m.put("candidate", r.candidate().version().toString());
        m.put("state", r.state().wire());
        m.put("step", r.step());
        m.put("candidate_weight", r.candidateWeight());
        m.put("failures", r.failures());
        m.put("inconclusives", r.inconclusives());
        if (r.reason() != null) m.put("reason", r.reason());
        return m;
    }

    String write(Object value) {
        return write(json, value);
    }

    static String write(ObjectMapper json, Object value) {
        if (value == null) return null;
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
