package org.aegisml.gateway.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.aegisml.api.AegisException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.DeploymentListener;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.deployment.Gateway;
import org.aegisml.api.deployment.GatewayResponse;
import org.aegisml.api.deployment.InferenceBackend;
import org.aegisml.api.deployment.InferenceRequest.Kind;
import org.aegisml.api.deployment.InferenceResponse;
import org.aegisml.api.deployment.ShadowComparison;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.Event;
import org.aegisml.api.monitoring.IngestReport;
import org.aegisml.api.monitoring.Monitoring;
import org.aegisml.api.monitoring.PromptInjectionScorer;
import org.aegisml.api.policy.PolicyEngine;
import org.aegisml.api.registry.Registry;
import org.aegisml.api.store.Store;
import org.aegisml.gateway.internal.Endpoint.Side;
import org.aegisml.gateway.internal.Events.Call;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The gateway: routes each call to an endpoint's stable or candidate version by the current
 * routing, copies shadow traffic, and emits one monitoring event per call.
 * <p>
 * The request path reads only memory: the {@link RoutingTable} (kept current by this
 * component's {@link DeploymentListener} side and by polling {@link Deployments#list()}), the
 * compiled prompt templates and the circuit breakers. Events and shadow comparisons are
 * queued to background writers. The answer completes on the backend client's thread; no
 * thread waits for a backend.
 * <p>
 * The {@link Deployments} reference is optional and dynamic: without a deployment service
 * the gateway knows no endpoints (404) but the server around it still starts, and the
 * service is picked up when it appears.
 */
@Component(service = { Gateway.class, DeploymentListener.class }, configurationPid = "org.aegisml.gateway", immediate = true)
public final class GatewayService implements Gateway, DeploymentListener {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayService.class);
    static final ObjectMapper JSON = JsonMapper.builder().build();
    /** Client headers passed on to backends (besides X-Request-Id, which the gateway sets): trace context only. */
    private static final String[] FORWARDED = { "traceparent", "tracestate" };

    /** Configuration PID {@code org.aegisml.gateway}. */
    public @interface Config {
        /** How often every deployment is re-read, to see other replicas' changes (ms). */
        int pollMillis() default 1000;

        /** Events waiting to be written before new ones are dropped (and counted). */
        int eventQueue() default 100_000;

        /** Most events per {@link Monitoring#ingest} call. */
        int eventBatch() default 1000;

        /** Longest an event waits to be written when traffic is light (ms). */
        int eventFlushMillis() default 200;

        /** Threads that send shadow copies and compare answers (they never block on a backend). */
        int shadowThreads() default 2;

        /** Shadow copies waiting for those threads before new ones are dropped. */
        int shadowQueue() default 1000;

        /** Shadow calls awaiting an answer before new copies are dropped. */
        int shadowMaxInFlight() default 256;

        /** Consecutive failures that open a backend's circuit. */
        int breakerConsecutiveFailures() default 5;

        /** Failure share over the window that opens a backend's circuit. */
        double breakerFailureRate() default 0.5;

        /** Calls the window must hold before the failure share counts. */
        int breakerMinCalls() default 20;

        /** Length of the sliding window (s). */
        int breakerWindowSeconds() default 10;

        /** How long an open circuit refuses calls before one trial call (ms). */
        int breakerCoolDownMillis() default 5000;
    }

    private final Monitoring monitoring;
    private final Store store;
    private final RoutingTable table;
    private final Prompts prompts;
    private final Guards guards = new Guards(JSON);
    private final Calls calls;
    private final Shadows shadows;
    private final Batcher<Call> events;
    private final Batcher<ShadowComparison> comparisons;
    private final ScheduledExecutorService timer;
    private final ScheduledExecutorService poller;
    private final List<InferenceBackend> installed = new CopyOnWriteArrayList<>();
    private volatile Map<String, InferenceBackend> backends = Map.of();
    private volatile Deployments deployments;
    private volatile long lastPollFailureLog;
    private volatile long rejectedEvents;

    @Activate
    public GatewayService(@Reference Monitoring monitoring, @Reference Registry registry, @Reference Store store,
            Config config) {
        this.monitoring = monitoring;
        this.store = store;
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("aegisml-gateway-timer").factory());
        // Every call schedules its cut-off and cancels it when answered: cancelled tasks must leave the queue at once.
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
        this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("aegisml-gateway-poll")
                .factory());
        this.prompts = new Prompts(registry, JSON);
        this.table = new RoutingTable(ep -> poller.execute(() -> {
            prompts.preload(ep.stable());
            prompts.preload(ep.candidate());
        }));
        this.calls = new Calls(type -> backends.get(type), timer, new CircuitBreaker.Policy(
                Math.max(1, config.breakerConsecutiveFailures()), config.breakerFailureRate(),
                Math.max(1, config.breakerMinCalls()), Math.max(1, config.breakerWindowSeconds()),
                TimeUnit.MILLISECONDS.toNanos(Math.max(1, config.breakerCoolDownMillis()))));
        this.events = new Batcher<>("events", config.eventQueue(), config.eventBatch(),
                Duration.ofMillis(Math.max(1, config.eventFlushMillis())), 3, this::ingest);
        this.comparisons = new Batcher<>("shadow comparisons", 50_000, 500, Duration.ofSeconds(1), 3,
                this::storeComparisons);
        this.shadows = new Shadows(calls, prompts, events, comparisons, config.shadowThreads(), config.shadowQueue(),
                config.shadowMaxInFlight());
        int every = Math.max(50, config.pollMillis());
        poller.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void stop() {
        poller.shutdownNow();
        shadows.close();
        events.close(Duration.ofSeconds(5));
        comparisons.close(Duration.ofSeconds(2));
        timer.shutdownNow();
    }

    // ---------------------------------------------------------------- references

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setDeployments(Deployments d) {
        deployments = d;
        poller.execute(this::poll);
    }

    void unsetDeployments(Deployments d) {
        if (deployments == d) deployments = null;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setPolicyEngine(PolicyEngine e) {
        guards.engine(e);
    }

    void unsetPolicyEngine(PolicyEngine e) {
        if (guards.engine() == e) guards.engine(null);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addInjectionScorer(PromptInjectionScorer s) {
        guards.addScorer(s);
    }

    void removeInjectionScorer(PromptInjectionScorer s) {
        guards.removeScorer(s);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addBackend(InferenceBackend b) {
        installed.add(b);
        rebuildBackends();
    }

    void removeBackend(InferenceBackend b) {
        installed.remove(b);
        rebuildBackends();
    }

    /** By type; of two backends of one type the one installed last wins, and the other returns when it goes. */
    private synchronized void rebuildBackends() {
        Map<String, InferenceBackend> m = new HashMap<>();
        for (InferenceBackend b : installed) {
            try {
                m.put(b.type(), b);
            } catch (RuntimeException e) {
                LOG.warn("Ignoring an inference backend whose type() failed: {}", e.toString());
            }
        }
        backends = Map.copyOf(m);
    }

    // ---------------------------------------------------------------- routing table

    @Override
    public void changed(String name, Deployment deployment) {
        table.changed(name, deployment);
    }

    private void poll() {
        Deployments d = deployments;
        if (d == null) return;
        long started = System.nanoTime();
        try {
            table.poll(d.list(), started);
        } catch (RuntimeException e) {
            // The database may be down: keep routing by what is known and say so once a minute.
            long now = System.nanoTime();
            if (now - lastPollFailureLog > TimeUnit.MINUTES.toNanos(1)) {
                lastPollFailureLog = now;
                LOG.warn("Cannot refresh the gateway's deployments; routing by the last known state: {}", e.toString());
            }
        }
    }

    // ---------------------------------------------------------------- the request path

    @Override
    public CompletableFuture<GatewayResponse> invoke(String endpoint, byte[] body, Map<String, String> headers) {
        return counted(endpoint, route(Kind.INVOKE, endpoint, body, headers));
    }

    @Override
    public CompletableFuture<GatewayResponse> chat(String endpoint, byte[] body, Map<String, String> headers) {
        return counted(endpoint, route(Kind.CHAT, endpoint, body, headers));
    }

    /** Calls accepted and not answered yet, per endpoint (only endpoints that exist, so names cannot grow it). */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> inFlight = new java.util.concurrent.ConcurrentHashMap<>();

    private CompletableFuture<GatewayResponse> counted(String endpoint, CompletableFuture<GatewayResponse> call) {
        if (call.isDone() || endpoint == null || table.get(endpoint) == null) return call;
        java.util.concurrent.atomic.AtomicInteger n = inFlight.computeIfAbsent(endpoint,
                k -> new java.util.concurrent.atomic.AtomicInteger());
        n.incrementAndGet();
        call.whenComplete((r, e) -> n.decrementAndGet());
        return call;
    }

    @Override
    public int inFlight(String endpoint) {
        var n = inFlight.get(endpoint);
        return n == null ? 0 : Math.max(0, n.get());
    }

    private CompletableFuture<GatewayResponse> route(Kind kind, String name, byte[] body, Map<String, String> clientHeaders) {
        long start = System.nanoTime();
        Endpoint ep = name == null ? null : table.get(name);
        if (ep == null) {
            return CompletableFuture.failedFuture(new NotFoundException("endpoint", "no deployment named '" + name + "'"));
        }
        Map<String, String> headers = clientHeaders == null ? Map.of() : clientHeaders;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean hasCandidate = ep.candidate() != null;
        int bucket = Split.NO_BUCKET;
        if (ep.sticky() != null && hasCandidate) {
            String key = ep.sticky().of(headers, body);
            if (key != null) bucket = Split.bucket(ep.salt(), key);
        }
        boolean candidate = Split.candidate(ep.routing(), hasCandidate, bucket, random);
        Side side = candidate ? ep.candidate() : ep.stable();
        Arm arm = Split.arm(ep.routing(), candidate);
        String requestId = RequestIds.next();
        Map<String, String> forward = forwarded(headers, requestId);
        Guards.Input guarded;
        try {
            guarded = guards.input(ep, side, arm, prompts.prepare(side, kind, body));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Prompts.Prepared prepared = guarded.prepared();
        long at = System.currentTimeMillis();
        CompletableFuture<InferenceResponse> call = calls.call(side, prepared.kind(), prepared.body(), forward, start);
        CompletableFuture<GatewayResponse> answer = call.handle((r, e) -> finish(ep, side, arm, requestId, kind, body,
                prepared, at, start, r, e));
        // A request whose input a policy redacted is not copied: the candidate would get it unredacted.
        if (!guarded.redacted() && Split.shadow(ep.routing(), hasCandidate, candidate, random)) {
            shadows.copy(ep, requestId, kind, body, forward,
                    call.handle((r, e) -> new Shadows.Stable(r, System.nanoTime() - start)));
        }
        return answer;
    }

    private GatewayResponse finish(Endpoint ep, Side side, Arm arm, String requestId, Kind kind, byte[] body,
            Prompts.Prepared prepared, long at, long start, InferenceResponse r, Throwable e) {
        long nanos = System.nanoTime() - start;
        if (e != null) {
            Throwable cause = unwrap(e);
            boolean refused = cause instanceof AegisException && !(cause instanceof Calls.Unanswered);
            if (!refused) {
                // No answer: an error of the version that should have answered. A call never
                // sent (open circuit, no backend) has no latency to report.
                boolean called = !(cause instanceof Calls.Unanswered u) || u.called;
                events.offer(new Call(ep, side, arm, requestId, at, called ? nanos / 1e6 : null, true, null, null, null, kind,
                        body, null, prepared));
            }
            throw cause instanceof RuntimeException re ? new CompletionException(re) : new CompletionException(cause);
        }
        InferenceResponse out = r;
        RuntimeException blocked = null;
        try {
            out = guards.output(ep, side, arm, prepared, r);
        } catch (RuntimeException x) {
            blocked = x;
        }
        // The event records what the model did (with any redaction applied), also when a policy blocked the answer.
        events.offer(new Call(ep, side, arm, requestId, at, nanos / 1e6, !r.ok(), r.inputTokens(), r.outputTokens(),
                out.outputText(), kind, body, out.body(), prepared));
        if (blocked != null) throw new CompletionException(blocked);
        return new GatewayResponse(out.status(), out.body(), out.contentType() == null ? "application/json" : out.contentType(),
                side.version(), arm.wire(), requestId);
    }

    private static Map<String, String> forwarded(Map<String, String> headers, String requestId) {
        String tp = headers.get(FORWARDED[0]);
        if (tp == null) return Map.of("x-request-id", requestId);
        String ts = headers.get(FORWARDED[1]);
        return ts == null ? Map.of("x-request-id", requestId, FORWARDED[0], tp)
                : Map.of("x-request-id", requestId, FORWARDED[0], tp, FORWARDED[1], ts);
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    // ---------------------------------------------------------------- background writers

    private void ingest(List<Call> calls) {
        List<Event> batch = new java.util.ArrayList<>(calls.size());
        for (Call c : calls) {
            if (c.side().model() == null) continue; // a prompt target without a resolved model: nothing to count it for
            batch.add(Events.event(c));
        }
        if (batch.isEmpty()) return;
        IngestReport r = monitoring.ingest(batch);
        if (!r.rejected().isEmpty()) {
            long before = rejectedEvents;
            rejectedEvents = before + r.rejected().size();
            if (before == 0 || rejectedEvents / 1000 > before / 1000) {
                LOG.warn("Monitoring rejected {} gateway events so far; latest: {}", rejectedEvents,
                        r.rejected().get(0).reason());
            }
        }
    }

    private void storeComparisons(List<ShadowComparison> batch) {
        store.write(tx -> {
            tx.deployments().insertShadowComparisons(batch);
            return null;
        });
    }

    // ---------------------------------------------------------------- for tests and metrics

    RoutingTable table() {
        return table;
    }

    Calls calls() {
        return calls;
    }

    Shadows shadows() {
        return shadows;
    }

    Batcher<Call> events() {
        return events;
    }

    Batcher<ShadowComparison> comparisons() {
        return comparisons;
    }
}
