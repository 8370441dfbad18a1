package org.aegisml.provider.aws.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.aegisml.api.cost.CostLine;
import org.aegisml.api.cost.CostSource;
import org.aegisml.api.cost.CostTags;
import org.aegisml.api.provider.Provider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.Group;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinition;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

/**
 * Daily AWS spend from Cost Explorer ({@code GetCostAndUsage}, {@code DAILY},
 * {@code UnblendedCost}) attributed by the {@link CostTags}. The tags must be activated as
 * cost-allocation tags in the billing console; spend before that carries none.
 * <p>
 * Cost Explorer groups by at most two keys per query, so four queries (each paged through
 * {@code NextPageToken}) are joined on the one key they share, {@code aegisml:endpoint}:
 * <ol>
 * <li>{@code aegisml:endpoint} x {@code aegisml:version}: the amounts. Every line's amount comes from
 * here, so the lines add up to exactly what Cost Explorer reports for the period.</li>
 * <li>{@code aegisml:endpoint} x {@code aegisml:model} and</li>
 * <li>{@code aegisml:endpoint} x {@code aegisml:project}: an endpoint belongs to one model and one
 * project (the ModelHost tags it so), so these only label the endpoint's lines: with the value that
 * carries the most spend that day (that period when the day has none).</li>
 * <li>{@code aegisml:endpoint} x {@code SERVICE}: each endpoint's line is split over the services
 * it was billed in, in proportion to their spend that day. This is exact while an endpoint's
 * versions share one service mix (the usual case: it is all Amazon SageMaker).</li>
 * </ol>
 * Spend without an {@code aegisml:endpoint} tag (most of an account) comes as lines with null
 * project, model, version and endpoint, split by service. Each query is a billed Cost Explorer
 * request (USD 0.01 each at the time of writing).
 */
@Component(service = CostSource.class, property = Provider.PROPERTY + "=" + AwsProvider.NAME)
public final class CostExplorerSource implements CostSource {
    static final String METRIC = "UnblendedCost";

    private final Supplier<CostExplorerClient> client;

    @Activate
    public CostExplorerSource(@Reference AwsSession session) {
        this(session::costExplorer);
    }

    CostExplorerSource(Supplier<CostExplorerClient> client) {
        this.client = client;
    }

    @Override
    public String provider() {
        return AwsProvider.NAME;
    }

    @Override
    public List<CostLine> daily(LocalDate from, LocalDate to) {
        if (!from.isBefore(to)) return List.of();
        try {
            List<Cell> amounts = query(from, to, tag(CostTags.ENDPOINT), tag(CostTags.VERSION));
            Labels models = new Labels(query(from, to, tag(CostTags.ENDPOINT), tag(CostTags.MODEL)));
            Labels projects = new Labels(query(from, to, tag(CostTags.ENDPOINT), tag(CostTags.PROJECT)));
            Map<Key, List<Cell>> services = new HashMap<>();
            for (Cell c : query(from, to, tag(CostTags.ENDPOINT), dimension("SERVICE"))) {
                if (c.amount() != 0) services.computeIfAbsent(new Key(c.day(), c.a()), k -> new ArrayList<>()).add(c);
            }
            List<CostLine> lines = new ArrayList<>();
            for (Cell c : amounts) {
                if (c.amount() == 0) continue;
                String endpoint = c.a().isEmpty() ? null : c.a();
                Integer version = version(c.b());
                String model = endpoint == null ? null : models.of(c.day(), endpoint);
                String project = endpoint == null ? null : projects.of(c.day(), endpoint);
                String currency = c.unit() == null || c.unit().isBlank() ? "USD" : c.unit();
                List<Cell> split = services.getOrDefault(new Key(c.day(), c.a()), List.of());
                double total = split.stream().mapToDouble(Cell::amount).sum();
                if (split.isEmpty() || Math.abs(total) < 1e-12) {
                    lines.add(new CostLine(c.day(), project, model, endpoint == null ? null : version, endpoint, null,
                            c.amount(), currency));
                    continue;
                }
                for (Cell s : split) {
                    lines.add(new CostLine(c.day(), project, model, endpoint == null ? null : version, endpoint, s.b(),
                            c.amount() * s.amount() / total, currency));
                }
            }
            return lines;
        } catch (SdkException e) {
            throw AwsErrors.map("Cost Explorer GetCostAndUsage", e);
        }
    }

    private static GroupDefinition tag(String key) {
        return GroupDefinition.builder().type(GroupDefinitionType.TAG).key(key).build();
    }

    private static GroupDefinition dimension(String key) {
        return GroupDefinition.builder().type(GroupDefinitionType.DIMENSION).key(key).build();
    }

    /** Every group of one two-key query over the period, all pages; tag values without their {@code key$} prefix. */
    private List<Cell> query(LocalDate from, LocalDate to, GroupDefinition a, GroupDefinition b) {
        List<Cell> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            GetCostAndUsageResponse r = client.get().getCostAndUsage(q -> q
                    .timePeriod(p -> p.start(from.toString()).end(to.toString())).granularity(Granularity.DAILY)
                    .metrics(METRIC).groupBy(a, b).nextPageToken(t));
            for (ResultByTime period : r.resultsByTime()) {
                LocalDate day = LocalDate.parse(period.timePeriod().start().substring(0, 10));
                if (day.isBefore(from) || !day.isBefore(to)) continue;
                for (Group g : period.groups()) {
                    MetricValue m = g.metrics().get(METRIC);
                    if (m == null || m.amount() == null || g.keys().size() < 2) continue;
                    out.add(new Cell(day, value(a, g.keys().get(0)), value(b, g.keys().get(1)),
                            Double.parseDouble(m.amount()), m.unit()));
                }
            }
            token = r.nextPageToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /** A tag group's key is {@code tagKey$value} ({@code tagKey$} for spend without the tag); a dimension's is the value. */
    private static String value(GroupDefinition g, String key) {
        if (key == null) return "";
        if (g.type() != GroupDefinitionType.TAG) return key;
        int i = key.indexOf('$');
        return i < 0 ? key : key.substring(i + 1);
    }

    private static Integer version(String v) {
        try {
            int n = Integer.parseInt(v.strip());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** One group of one day: the first and second group value. */
    private record Cell(LocalDate day, String a, String b, double amount, String unit) {
    }

    private record Key(LocalDate day, String endpoint) {
    }

    /** Per endpoint, the non-empty value with the most spend on a day, and over the whole period. */
    private static final class Labels {
        private final Map<Key, Map<String, Double>> byDay = new HashMap<>();
        private final Map<String, Map<String, Double>> byPeriod = new HashMap<>();

        Labels(List<Cell> cells) {
            for (Cell c : cells) {
                if (c.a().isEmpty() || c.b().isEmpty()) continue;
                byDay.computeIfAbsent(new Key(c.day(), c.a()), k -> new LinkedHashMap<>()).merge(c.b(), Math.abs(c.amount()), Double::sum);
                byPeriod.computeIfAbsent(c.a(), k -> new LinkedHashMap<>()).merge(c.b(), Math.abs(c.amount()), Double::sum);
            }
        }

        String of(LocalDate day, String endpoint) {
            String v = top(byDay.get(new Key(day, endpoint)));
            return v != null ? v : top(byPeriod.get(endpoint));
        }

        private static String top(Map<String, Double> values) {
            if (values == null) return null;
            String best = null;
            double most = -1;
            for (Map.Entry<String, Double> e : values.entrySet()) {
                if (e.getValue() > most) {
                    most = e.getValue();
                    best = e.getKey();
                }
            }
            return best;
        }
    }
}
