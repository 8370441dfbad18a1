package org.aegisml.monitoring.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.aegisml.api.ValidationException;
import org.aegisml.api.cost.CostLedger;
import org.aegisml.api.cost.CostLine;
import org.aegisml.api.cost.CostSource;
import org.aegisml.api.cost.LedgerQuery;
import org.aegisml.api.cost.LedgerReport;
import org.aegisml.api.cost.SyncReport;
import org.aegisml.api.store.Leadership;
import org.aegisml.api.store.MonitoringRepository.SummaryRow;
import org.aegisml.api.store.ProviderRepository.SourcedLine;
import org.aegisml.monitoring.internal.drift.RobustAnomalyDetector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ledger of what models cost. The token half is read from the day summaries the event
 * stream already keeps (per model, version, endpoint and project); the infrastructure half is
 * what the {@link CostSource}s (one per installed provider) reported, stored in
 * {@code cost_line} by {@link #sync} so that reports never wait on a cloud billing API. Spikes
 * use the same robust z-score as the token cost report, over each group's daily total.
 */
@Component(service = CostLedger.class, configurationPid = "org.aegisml.costs")
public final class CostLedgerService implements CostLedger {
    private static final Logger LOG = LoggerFactory.getLogger(CostLedgerService.class);
    static final String ROLE = "cost-ledger";
    static final String UNATTRIBUTED = "unattributed";
    static final String TOKENS = "tokens";

    /** Configuration PID {@code org.aegisml.costs}. */
    public @interface Config {
        /** Minutes between syncs of every cost source; 0 turns periodic syncs off on this replica. */
        long syncMinutes() default 60;

        /** Days back each periodic sync asks for (providers revise recent days until their books close). */
        int syncDays() default 3;

        /** The currency the ledger adds up; lines in others are listed apart. */
        String currency() default "USD";
    }

    private final MonitoringService monitoring;
    private final Leadership leadership;
    private final String currency;
    private final int syncDays;
    private final Map<CostSource, Boolean> sources = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    @Activate
    public CostLedgerService(@Reference MonitoringService monitoring, @Reference Leadership leadership, Config config) {
        this.monitoring = monitoring;
        this.leadership = leadership;
        this.currency = config.currency();
        this.syncDays = Math.max(1, config.syncDays());
        if (config.syncMinutes() > 0) {
            scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("aegisml-cost-ledger").factory());
            scheduler.scheduleWithFixedDelay(this::periodic, 1, config.syncMinutes() * 60, TimeUnit.SECONDS);
        } else {
            scheduler = null;
        }
    }

    @Deactivate
    void stop() {
        if (scheduler != null) scheduler.shutdownNow();
        leadership.release(ROLE);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(CostSource s) {
        sources.put(s, Boolean.TRUE);
    }

    void removeSource(CostSource s) {
        sources.remove(s);
    }

    private void periodic() {
        try {
            if (!leadership.holds(ROLE) || sources.isEmpty()) return;
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            SyncReport r = sync(today.minusDays(syncDays - 1L), today.plusDays(1));
            if (!r.failures().isEmpty()) LOG.warn("Cost sources that failed to sync: {}", r.failures());
        } catch (RuntimeException e) {
            LOG.warn("Cost ledger sync failed; retrying next period", e);
        }
    }

    @Override
    public SyncReport sync(LocalDate from, LocalDate to) {
        checkPeriod(from, to);
        Map<String, Integer> taken = new TreeMap<>();
        Map<String, String> failed = new TreeMap<>();
        Instant now = Instant.now();
        for (CostSource s : List.copyOf(sources.keySet())) {
            String name = s.provider();
            try {
                List<CostLine> lines = s.daily(from, to);
                List<CostLine> inPeriod = new ArrayList<>();
                for (CostLine l : lines) {
                    if (l.day() == null || l.currency() == null || !Double.isFinite(l.amount())) {
                        throw new IllegalStateException("it returned a line without a day, a currency or a finite amount");
                    }
                    // A source may answer more than asked; only the asked days are replaced.
                    if (!l.day().isBefore(from) && l.day().isBefore(to)) inPeriod.add(l);
                }
                monitoring.store().write(tx -> {
                    tx.providers().replaceCosts(name, from, to, inPeriod, now);
                    return null;
                });
                taken.put(name, inPeriod.size());
            } catch (RuntimeException e) {
                failed.put(name, String.valueOf(e.getMessage()));
            }
        }
        return new SyncReport(from, to, taken, failed);
    }

    private static void checkPeriod(LocalDate from, LocalDate to) {
        if (from == null || to == null || !from.isBefore(to)) throw new ValidationException("from", "from must be before to");
        if (ChronoUnit.DAYS.between(from, to) > Costs.MAX_DAYS) {
            throw new ValidationException("from", "at most " + Costs.MAX_DAYS + " days at once");
        }
    }

    private static final class Acc {
        double tokens;
        double infrastructure;
        final Map<String, Double> bySource = new TreeMap<>();
    }

    @Override
    public LedgerReport report(LedgerQuery q) {
        if (q == null) throw new ValidationException("from", "from and to are required");
        checkPeriod(q.from(), q.to());
        LedgerQuery.GroupBy groupBy = q.groupBy() == null ? LedgerQuery.GroupBy.MODEL : q.groupBy();
        LocalDate history = q.from().minusDays(Costs.BASELINE_DAYS);
        Instant start = history.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = q.to().atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, TreeMap<LocalDate, Acc>> byKey = new TreeMap<>();
        Map<String, Double> other = new TreeMap<>();

        List<SummaryRow> rows = monitoring.store().read(tx -> tx.monitoring().summaries('d', q.model(), null, null, null,
                start, end));
        for (SummaryRow r : rows) {
            var k = r.key();
            Aggregate a = Aggregate.decode(r.data(), false, monitoring.bins(k.model()));
            LocalDate day = LocalDate.ofInstant(k.bucket(), ZoneOffset.UTC);
            for (Map.Entry<String, Aggregate.ProjectTally> p : a.projects.entrySet()) {
                String project = p.getKey().isEmpty() ? null : p.getKey();
                if (q.project() != null && !q.project().equals(project)) continue;
                if (p.getValue().cost == 0) continue;
                String key = key(groupBy, project, k.model(), k.version(), k.endpoint());
                byKey.computeIfAbsent(key, x -> new TreeMap<>()).computeIfAbsent(day, x -> new Acc()).tokens += p.getValue().cost;
            }
        }
        List<SourcedLine> lines = monitoring.store().read(tx -> tx.providers().costs(history, q.to(), q.project(), q.model()));
        for (SourcedLine s : lines) {
            CostLine l = s.line();
            if (!currency.equalsIgnoreCase(l.currency())) {
                if (!l.day().isBefore(q.from())) other.merge(l.currency(), l.amount(), Double::sum);
                continue;
            }
            String key = key(groupBy, l.project(), l.model(), l.version(), l.endpoint());
            Acc acc = byKey.computeIfAbsent(key, x -> new TreeMap<>()).computeIfAbsent(l.day(), x -> new Acc());
            acc.infrastructure += l.amount();
            acc.bySource.merge(s.source(), l.amount(), Double::sum);
        }

        List<LedgerReport.Row> out = new ArrayList<>();
        List<LedgerReport.Spike> spikes = new ArrayList<>();
        double tokens = 0;
        double infrastructure = 0;
        RobustAnomalyDetector detector = new RobustAnomalyDetector(Costs.BASELINE_DAYS, Costs.MIN_HISTORY_DAYS,
                RobustAnomalyDetector.DEFAULT_THRESHOLD);
        int n = (int) ChronoUnit.DAYS.between(history, q.to());
        for (Map.Entry<String, TreeMap<LocalDate, Acc>> e : byKey.entrySet()) {
            long[] stamps = new long[n];
            double[] values = new double[n];
            boolean started = false;
            for (int i = 0; i < n; i++) {
                LocalDate day = history.plusDays(i);
                Acc acc = e.getValue().get(day);
                stamps[i] = day.toEpochDay();
                started |= acc != null;
                // As in the token report: no spend after a group's first spend is a zero, before it no baseline.
                values[i] = acc != null ? acc.tokens + acc.infrastructure : started ? 0 : Double.NaN;
                if (acc != null && !day.isBefore(q.from())) {
                    out.add(new LedgerReport.Row(day, e.getKey(), acc.tokens, acc.infrastructure, acc.bySource));
                    tokens += acc.tokens;
                    infrastructure += acc.infrastructure;
                }
            }
            for (RobustAnomalyDetector.Anomaly x : detector.spikes(stamps, values)) {
                LocalDate day = LocalDate.ofEpochDay(x.timestamp());
                if (!day.isBefore(q.from())) spikes.add(new LedgerReport.Spike(day, e.getKey(), x.value(), x.median(), x.z()));
            }
        }
        out.sort(Comparator.comparing(LedgerReport.Row::day).thenComparing(LedgerReport.Row::key));
        spikes.sort(Comparator.comparing(LedgerReport.Spike::day).thenComparing(LedgerReport.Spike::key));
        return new LedgerReport(q.from(), q.to(), groupBy, currency, tokens, infrastructure, out, spikes, other);
    }

    /** The group a cost belongs to; spend without the tag that names the group is {@value #UNATTRIBUTED}. */
    static String key(LedgerQuery.GroupBy groupBy, String project, String model, Integer version, String endpoint) {
        return switch (groupBy) {
            case PROJECT -> project == null || project.isEmpty() ? UNATTRIBUTED : project;
            case MODEL -> model == null ? UNATTRIBUTED : model;
            case VERSION -> model == null ? UNATTRIBUTED : version == null ? model + ":?" : model + ":" + version;
            case ENDPOINT -> endpoint == null ? UNATTRIBUTED : endpoint;
        };
    }
}
