package org.aegisml.policy.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.audit.AuditRecord;
import org.aegisml.api.policy.Decision;
import org.aegisml.api.policy.DecisionPoint;
import org.aegisml.api.policy.Effect;
import org.aegisml.api.policy.Match;
import org.aegisml.api.policy.Policies;
import org.aegisml.api.policy.Policy;
import org.aegisml.api.policy.PolicyContextProvider;
import org.aegisml.api.policy.PolicyDocument;
import org.aegisml.api.policy.PolicyEngine;
import org.aegisml.api.policy.PolicyRule;
import org.aegisml.api.policy.Redaction;
import org.aegisml.api.security.Actor;
import org.aegisml.api.security.Role;
import org.aegisml.api.store.Store;
import org.apache.commons.jexl3.JexlContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy engine and the policy documents it decides by.
 * <p>
 * Deciding reads only memory: the enabled policies, compiled, per decision point (reloaded
 * after every change made here and re-read every {@code refreshMillis} to see other
 * replicas' changes). Control-plane decisions are audited in their own transaction before
 * they are returned; live gateway decisions go to a batching writer so the request never
 * waits on the database.
 */
@Component(service = { Policies.class, PolicyEngine.class }, configurationPid = "org.aegisml.policy", immediate = true)
public final class PolicyService implements Policies, PolicyEngine {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyService.class);

    /** Configuration PID {@code org.aegisml.policy}. */
    public @interface Config {
        /** How often the enabled policies are re-read, to see other replicas' changes (ms). */
        int refreshMillis() default 2000;

        /** Live decisions waiting to be audited before new ones are dropped (and counted). */
        int auditQueue() default 100_000;

        /** Longest a live decision waits before it is written to the audit log (ms). */
        int auditFlushMillis() default 500;
    }

    private final Store store;
    private final Compiler compiler = new Compiler();
    private final AuditWriter<Live, Encoded> audit;
    private final ScheduledExecutorService refresher;
    private final List<PolicyRule> rules = new CopyOnWriteArrayList<>();
    private final List<PolicyContextProvider> providers = new CopyOnWriteArrayList<>();
    private final Map<Redaction, Compiled.Redactor> redactors = new ConcurrentHashMap<>();
    private volatile Map<DecisionPoint, List<Compiled>> byPoint = Map.of();
    /** The enabled policies as last compiled, by name: a refresh recompiles only versions it has not seen. */
    private Map<String, Compiled> compiled = Map.of();
    /** Saved versions that no longer compile ("name@version"), reported once rather than on every refresh. */
    private final java.util.Set<String> broken = new java.util.HashSet<>();
    /** Upper bounds of the decision latency histogram (ns): fine around the 50 µs goal. */
    private static final long[] BOUNDS = { 5_000, 10_000, 15_000, 20_000, 25_000, 30_000, 40_000, 50_000, 75_000, 100_000,
            250_000, 500_000, 1_000_000, 5_000_000, Long.MAX_VALUE };
    private final java.util.concurrent.atomic.LongAdder[] timings = new java.util.concurrent.atomic.LongAdder[BOUNDS.length];
    private final java.util.concurrent.atomic.LongAdder timedNanos = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder ruleErrors = new java.util.concurrent.atomic.LongAdder();

    @Activate
    public PolicyService(@Reference Store store, Config config) {
        this.store = store;
        for (int i = 0; i < timings.length; i++) timings[i] = new java.util.concurrent.atomic.LongAdder();
        this.audit = new AuditWriter<>(store, Math.max(1000, config.auditQueue()),
                config.auditFlushMillis(), PolicyService::liveDecision,
                PolicyService::liveEntry);
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("aegisml-policy-refresh").factory());
        // The database may be unreachable at start-up: decide by no policy until the first refresh succeeds.
        refresh();
        int every = Math.max(100, config.refreshMillis());
        refresher.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() {
        refresher.shutdownNow();
        audit.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRule(PolicyRule r) {
        rules.add(r);
    }

    void removeRule(PolicyRule r) {
        rules.remove(r);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(PolicyContextProvider p) {
        providers.add(p);
    }

    void removeProvider(PolicyContextProvider p) {
        providers.remove(p);
    }

    // ---------------------------------------------------------------- the snapshot

    private void refresh() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.warn("Cannot re-read the policies; deciding by the last known ones: {}", e.toString());
        }
    }

    /** Compiles every enabled policy. Saved ones passed validation; one that no longer compiles is skipped, loudly. */
    synchronized void reload() {
        List<Policy> latest = store.read(tx -> tx.policies().latest());
        Map<DecisionPoint, List<Compiled>> m = new EnumMap<>(DecisionPoint.class);
        Map<String, Compiled> now = new HashMap<>();
        for (Policy p : latest) {
            if (!p.enabled()) continue;
            Compiled c = compiled.get(p.name());
            if (c == null || c.policy().version() != p.version()) {
                try {
                    c = compiler.compile(p, null);
                } catch (RuntimeException e) {
                    if (broken.add(p.name() + "@" + p.version())) {
                        LOG.error("Policy {} version {} no longer compiles and is not applied: {}", p.name(), p.version(),
                                e.getMessage());
                    }
                    continue;
                }
            }
            now.put(p.name(), c);
            for (DecisionPoint point : c.points()) m.computeIfAbsent(point, k -> new ArrayList<>()).add(c);
        }
        compiled = now;
        Map<DecisionPoint, List<Compiled>> frozen = new EnumMap<>(DecisionPoint.class);
        m.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        byPoint = frozen;
    }

    // ---------------------------------------------------------------- PolicyEngine

    @Override
    public boolean applies(DecisionPoint point) {
        if (byPoint.containsKey(point)) return true;
        for (PolicyRule r : rules) {
            try {
                if (r.points().contains(point)) return true;
            } catch (RuntimeException e) {
                return true; // asking it will fail and be reported
            }
        }
        return false;
    }

    @Override
    public Decision decide(DecisionPoint point, Map<String, Object> context, Actor actor) {
        long started = System.nanoTime();
        List<Compiled> policies = byPoint.getOrDefault(point, List.of());
        Ctx ctx = context(point, context, actor);
        Decision d = evaluate(point, policies, ctx, true);
        time(System.nanoTime() - started, d.errors().size());
        if (point.live()) {
            audit.offer(new Live(point, d, ctx.seen(), actor == null ? Actor.SYSTEM.name() : actor.name(), Instant.now()));
        } else {
            AuditRecord r = record(point, d, ctx, actor);
            store.write(tx -> {
                tx.audit().append(r);
                return null;
            });
        }
        return d;
    }

    private void time(long nanos, int errors) {
        int i = 0;
        while (nanos > BOUNDS[i]) i++;
        timings[i].increment();
        timedNanos.add(nanos);
        if (errors > 0) ruleErrors.add(errors);
    }

    @Override
    public org.aegisml.api.policy.DecisionStats stats() {
        List<Long> bounds = new ArrayList<>(BOUNDS.length);
        List<Long> counts = new ArrayList<>(BOUNDS.length);
        long cumulative = 0;
        for (int i = 0; i < BOUNDS.length; i++) {
            cumulative += timings[i].sum();
            bounds.add(BOUNDS[i]);
            counts.add(cumulative);
        }
        return new org.aegisml.api.policy.DecisionStats(bounds, counts, cumulative, timedNanos.sum(), ruleErrors.sum(),
                audit.dropped());
    }

    @Override
    public String redact(Decision decision, String text) {
        if (text == null || decision.redactions().isEmpty()) return text;
        String out = text;
        for (Redaction r : decision.redactions()) out = redactor(r).apply(out);
        return out;
    }

    private Compiled.Redactor redactor(Redaction r) {
        return redactors.computeIfAbsent(r, x -> new Compiled.Redactor(x.detector() == null ? null : Texts.detector(x.detector()),
                x.pattern() == null ? null : Texts.pattern(x.pattern()), x.replacement()));
    }

    private Decision evaluate(DecisionPoint point, List<Compiled> policies, Ctx ctx, boolean withRules) {
        Effect effect = Effect.ALLOW;
        int approvers = 0;
        List<Match> matches = new ArrayList<>(2);
        List<Redaction> redactions = new ArrayList<>(0);
        List<String> errors = new ArrayList<>(0);
        for (Compiled c : policies) {
            for (Compiled.Rule r : c.rules()) {
                Effect got;
                String reason;
                try {
                    Object v = r.when().execute(ctx);
                    if (!(v instanceof Boolean b)) {
                        throw new IllegalStateException("'when' gave " + (v == null ? "null" : v.getClass().getSimpleName())
                                + ", not true or false");
                    }
                    if (!b) continue;
                    got = r.effect();
                    reason = reason(r, ctx);
                } catch (RuntimeException e) {
                    String why = c.policy().name() + "/" + r.name() + ": " + Errors.message(e);
                    errors.add(why);
                    // Fail closed where a person asks and can retry (the rule's own effect); on live traffic and
                    // in the rollout controller a rule that cannot be evaluated (no data yet) only flags.
                    got = point.live() || point == DecisionPoint.ROLLOUT_STEP ? Effect.FLAG : r.effect();
                    reason = "could not evaluate: " + Errors.message(e);
                }
                matches.add(new Match(c.policy().name(), c.policy().version(), r.name(), got, reason,
                        got == Effect.REQUIRE_APPROVAL ? r.approvers() : 0));
                effect = effect.max(got);
                if (got == Effect.REQUIRE_APPROVAL) approvers = Math.max(approvers, r.approvers());
                if (got == Effect.REDACT) {
                    for (Compiled.Redactor x : r.redact()) {
                        redactions.add(new Redaction(x.detector() == null ? null : x.detector().name(),
                                x.pattern() == null ? null : x.pattern().pattern(), x.replacement()));
                    }
                }
            }
        }
        if (withRules) {
            for (PolicyRule rule : rules) {
                String name = "rule:" + safeName(rule);
                Effect got;
                String reason;
                int n = 0;
                try {
                    if (!rule.points().contains(point)) continue;
                    PolicyRule.Outcome o = rule.evaluate(point, ctx.view());
                    if (o == null || o.effect() == null) continue;
                    got = o.effect();
                    reason = o.reason() == null ? name + " matched" : o.reason();
                    n = Math.max(got == Effect.REQUIRE_APPROVAL ? 1 : 0, o.approvers());
                } catch (RuntimeException e) {
                    errors.add(name + ": " + Errors.message(e));
                    got = onError(rule);
                    reason = "failed: " + Errors.message(e);
                    n = got == Effect.REQUIRE_APPROVAL ? 1 : 0;
                }
                if (got == Effect.REDACT) got = Effect.FLAG; // a rule service cannot say what to redact
                matches.add(new Match(name, 0, name, got, reason, n));
                effect = effect.max(got);
                if (got == Effect.REQUIRE_APPROVAL) approvers = Math.max(approvers, n);
            }
        }
        if (effect != Effect.REQUIRE_APPROVAL) approvers = 0;
        return new Decision(point, effect, matches, approvers, redactions, errors);
    }

    private static Effect onError(PolicyRule r) {
        try {
            Effect e = r.onError();
            return e == null ? Effect.FLAG : e;
        } catch (RuntimeException x) {
            return Effect.FLAG;
        }
    }

    private static String safeName(PolicyRule r) {
        try {
            return r.name();
        } catch (RuntimeException e) {
            return r.getClass().getName();
        }
    }

    private static String reason(Compiled.Rule r, Ctx ctx) {
        if (r.reason().size() == 1) return (String) r.reason().get(0);
        StringBuilder b = new StringBuilder();
        for (Object part : r.reason()) {
            if (part instanceof String s) b.append(s);
            else {
                @SuppressWarnings("unchecked")
                List<String> path = (List<String>) part;
                b.append(ctx.path(path));
            }
        }
        return b.toString();
    }

    private Ctx context(DecisionPoint point, Map<String, Object> context, Actor actor) {
        Map<String, Object> vars = new HashMap<>(context == null ? Map.of() : context);
        Actor a = actor == null ? Actor.SYSTEM : actor;
        vars.put("actor", Map.of("id", a.id(), "name", a.name(), "role", a.role().name().toLowerCase(java.util.Locale.ROOT)));
        vars.put("point", point.wire());
        vars.put("now", System.currentTimeMillis());
        // "time" is derived from "now" when a rule first reads it (see Ctx.provide): most live
        // decisions never do, and building it was a good part of a guarded call's garbage.
        return new Ctx(point, vars, providers);
    }

    /**
     * The variables of one decision. Read-only to rules; a provider's variable is asked for the
     * first time a rule reads it, once per decision.
     */
    static final class Ctx implements JexlContext {
        private final DecisionPoint point;
        private final Map<String, Object> vars;
        private final Collection<PolicyContextProvider> providers;
        private Map<String, Object> provided;

        Ctx(DecisionPoint point, Map<String, Object> vars, Collection<PolicyContextProvider> providers) {
            this.point = point;
            this.vars = vars;
            this.providers = providers;
        }

        @Override
        public Object get(String name) {
            Object v = vars.get(name);
            if (v != null || vars.containsKey(name)) return v;
            return provide(name);
        }

        @Override
        public boolean has(String name) {
            return vars.containsKey(name) || provide(name) != null;
        }

        @Override
        public void set(String name, Object value) {
            throw new UnsupportedOperationException("policy rules cannot assign variables");
        }

        private Object provide(String name) {
            if (provided != null && provided.containsKey(name)) return provided.get(name);
            Object v = name.equals("time") ? time() : fromProviders(name);
            if (provided == null) provided = new HashMap<>(4);
            provided.put(name, v);
            return v;
        }

        /** {@code time} derived from {@code now}, in UTC. */
        private Object time() {
            if (!(vars.get("now") instanceof Long millis)) return null;
            Instant now = Instant.ofEpochMilli(millis);
            ZonedDateTime z = now.atZone(ZoneOffset.UTC);
            return Map.of("hour", z.getHour(), "weekday", z.getDayOfWeek().getValue(), "date", z.toLocalDate().toString(),
                    "iso", now.truncatedTo(ChronoUnit.SECONDS).toString());
        }

        private Object fromProviders(String name) {
            Object v = null;
            for (PolicyContextProvider p : providers) {
                try {
                    if (name.equals(p.variable()) && p.points().contains(point)) {
                        v = p.provide(point, java.util.Collections.unmodifiableMap(vars));
                        break;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Policy context provider for '{}' failed: {}", name, e.toString());
                    break;
                }
            }
            return v;
        }

        Object path(List<String> path) {
            Object v = get(path.get(0));
            for (int i = 1; i < path.size() && v != null; i++) {
                v = v instanceof Map<?, ?> m ? m.get(path.get(i)) : null;
            }
            return v;
        }

        /** What rule services see: the caller's variables, the time, and what providers supplied so far. */
        Map<String, Object> view() {
            get("time");
            return seen();
        }

        /** The inputs the decision saw, for its audit entry: the caller's variables and those provided so far. */
        Map<String, Object> seen() {
            if (provided == null) return java.util.Collections.unmodifiableMap(vars);
            Map<String, Object> m = new HashMap<>(vars);
            provided.forEach((k, v) -> {
                if (v != null) m.put(k, v);
            });
            return java.util.Collections.unmodifiableMap(m);
        }

        Map<String, Object> vars() {
            return vars;
        }
    }

    /** A live decision waiting to be audited: what it decided and the variables it saw (not changed after). */
    record Live(DecisionPoint point, Decision decision, Map<String, Object> vars, String actor, Instant at) {
    }

    /** A decision as the audit log keeps it: the effect, every match, the errors and the inputs (texts digested). */
    private static Map<String, Object> view(DecisionPoint point, Decision d, Map<String, Object> vars) {
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("point", point.wire());
        after.put("effect", d.effect().wire());
        if (d.approvers() > 0) after.put("approvers", d.approvers());
        after.put("matches", Inputs.matches(d.matches()));
        if (!d.errors().isEmpty()) after.put("errors", d.errors());
        after.put("inputs", Inputs.summarize(vars));
        return after;
    }

    private AuditRecord record(DecisionPoint point, Decision d, Ctx ctx, Actor actor) {
        String target = "policy/" + point.wire();
        Object subject = Inputs.subject(point, ctx.vars());
        if (subject != null) target += "/" + subject;
        return new AuditRecord(actor == null ? Actor.SYSTEM.name() : actor.name(), "policy.decide", Inputs.clip(target, 500),
                null, Inputs.json(view(point, d, ctx.seen())));
    }

    /** A live decision as it waits to be written: its actor and its JSON. */
    record Encoded(String actor, String json) {
    }

    /** One live decision as its audit entry lists it: time, actor, subject, effect, matches and inputs. */
    static Encoded liveDecision(Live l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", l.at().toString());
        m.put("actor", l.actor());
        m.put("subject", Inputs.subject(l.point(), l.vars()));
        m.putAll(view(l.point(), l.decision(), l.vars()));
        return new Encoded(l.actor(), Inputs.json(m));
    }

    /**
     * Up to {@link AuditWriter#PER_ENTRY} live decisions as one entry, {@code policy.decide.live} with
     * target {@code policy/live}: {@code {"count":n,"decisions":[...]}}.
     */
    static AuditRecord liveEntry(List<Encoded> decisions) {
        java.util.Set<String> actors = new java.util.TreeSet<>();
        StringBuilder after = new StringBuilder(decisions.size() * 600).append("{\"count\":").append(decisions.size())
                .append(",\"decisions\":[");
        for (int i = 0; i < decisions.size(); i++) {
            if (i > 0) after.append(',');
            after.append(decisions.get(i).json());
            actors.add(decisions.get(i).actor());
        }
        after.append("]}");
        return new AuditRecord(Inputs.clip(String.join(",", actors), 200), "policy.decide.live", "policy/live", null,
                after.toString());
    }

    /** Waits until queued live decisions are written (tests, shutdown). */
    void flushAudit() {
        audit.flush();
    }

    // ---------------------------------------------------------------- Policies

    @Override
    public Policy save(String name, String format, String source, boolean enabled, Actor actor) {
        actor.require(Role.ADMIN);
        String f = Compiler.format(format);
        PolicyDocument doc = compiler.parse(name, f, source);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Policy draft = new Policy(name, 0, enabled, f, source, doc, now, actor.name());
        compiler.compile(draft, providerVariables()); // refuses what does not compile before anything is written
        Policy saved = store.write(tx -> {
            int next = tx.policies().lockLatest(name).map(p -> p.version() + 1).orElse(1);
            Policy p = new Policy(name, next, enabled, f, source, doc, now, actor.name());
            tx.policies().insert(p);
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("version", next);
            a.put("enabled", enabled);
            a.put("format", f);
            a.put("source", source);
            tx.audit().append(new AuditRecord(actor.name(), "policy.save", "policies/" + name, null, Inputs.json(a)));
            return p;
        });
        reload();
        return saved;
    }

    private Set<String> providerVariables() {
        Set<String> s = new java.util.HashSet<>();
        for (PolicyContextProvider p : providers) {
            try {
                s.add(p.variable());
            } catch (RuntimeException e) {
                // not offered
            }
        }
        return s;
    }

    @Override
    public List<Policy> list() {
        return store.read(tx -> tx.policies().latest());
    }

    @Override
    public Optional<Policy> get(String name) {
        return store.read(tx -> tx.policies().latest(name));
    }

    @Override
    public Optional<Policy> version(String name, int version) {
        return store.read(tx -> tx.policies().find(name, version));
    }

    @Override
    public List<Policy> versions(String name) {
        return store.read(tx -> tx.policies().versions(name));
    }

    @Override
    public Policy enable(String name, boolean enabled, Actor actor) {
        actor.require(Role.ADMIN);
        Policy p = store.write(tx -> {
            Policy latest = tx.policies().lockLatest(name).orElseThrow(() -> new NotFoundException("name", "no policy " + name));
            if (latest.enabled() == enabled) return latest;
            tx.policies().setEnabled(name, latest.version(), enabled);
            tx.audit().append(new AuditRecord(actor.name(), enabled ? "policy.enable" : "policy.disable", "policies/" + name,
                    Inputs.json(Map.of("version", latest.version(), "enabled", latest.enabled())),
                    Inputs.json(Map.of("version", latest.version(), "enabled", enabled))));
            return new Policy(latest.name(), latest.version(), enabled, latest.format(), latest.source(), latest.document(),
                    latest.createdAt(), latest.createdBy());
        });
        reload();
        return p;
    }

    @Override
    public void delete(String name, Actor actor) {
        actor.require(Role.ADMIN);
        store.write(tx -> {
            Policy latest = tx.policies().lockLatest(name).orElseThrow(() -> new NotFoundException("name", "no policy " + name));
            tx.policies().delete(name);
            tx.audit().append(new AuditRecord(actor.name(), "policy.delete", "policies/" + name,
                    Inputs.json(Map.of("version", latest.version(), "enabled", latest.enabled())), null));
            return null;
        });
        reload();
    }

    @Override
    public Decision dryRun(String name, String format, String source, DecisionPoint point, Map<String, Object> context,
            Actor actor) {
        if (point == null) throw new ValidationException("point", "name the decision point to evaluate at");
        Policy p;
        if (source != null) {
            String f = Compiler.format(format);
            PolicyDocument doc = compiler.parse(name, f, source);
            p = new Policy(name, 0, true, f, source, doc, Instant.now(), actor == null ? "system" : actor.name());
        } else {
            p = get(name).orElseThrow(() -> new NotFoundException("name", "no policy " + name));
        }
        if (!p.document().points().contains(point)) {
            throw new ValidationException("point", "policy " + name + " does not apply at " + point.wire() + " (it applies at "
                    + String.join(", ", p.document().points().stream().map(DecisionPoint::wire).toList()) + ")");
        }
        Compiled c = compiler.compile(p, providerVariables());
        return evaluate(point, List.of(c), context(point, context, actor), false);
    }
}
