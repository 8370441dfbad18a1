package org.aegisml.provider.azure.internal;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.aegisml.api.ValidationException;
import org.aegisml.api.cost.CostLine;
import org.aegisml.api.cost.CostSource;
import org.aegisml.api.cost.CostTags;
import org.aegisml.api.provider.Provider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Spend from Cost Management's query API ({@code ActualCost}, daily) over the subscription,
 * attributed by the {@link CostTags}.
 * <p>
 * A query groups by at most two columns, so five are sent, each grouped by {@code ResourceId}
 * and one more column: {@code ServiceName} (which gives the amounts, currency and service), then
 * each tag ({@code TagKey}). They are joined on (day, resource): every amount of a resource on a
 * day gets the tag values the tag queries found for that resource and day. A resource whose tags
 * changed during a day shows under the value that carried most of that day's cost. Lines with
 * the same day, tags, service and currency are added up.
 */
@Component(service = CostSource.class, configurationPid = Azure.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Provider.PROPERTY + "=" + Azure.NAME)
public final class AzureCostSource implements CostSource {
    static final String ML_SERVICE = "Azure Machine Learning";
    static final List<String> TAGS = List.of(CostTags.PROJECT, CostTags.MODEL, CostTags.VERSION, CostTags.ENDPOINT);

    private final Arm arm;
    private final AzureConfig config;

    @Activate
    public AzureCostSource(AzureConfig config) {
        if (config.subscriptionId().isBlank()) throw new IllegalArgumentException("PID " + Azure.PID + " lacks subscriptionId");
        this.config = config;
        HttpClient http = Azure.httpClient();
        this.arm = Workspace.arm(config, http,
                Azure.credential(http, Azure.environment(), config.authorityHost(), config.disableInstanceDiscovery()));
    }

    @Override
    public String provider() {
        return Azure.NAME;
    }

    private record Key(LocalDate day, String resource) {
    }

    private record Group(LocalDate day, String project, String model, Integer version, String endpoint, String service,
            String currency) {
    }

    @Override
    public List<CostLine> daily(LocalDate from, LocalDate to) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new ValidationException("to", "the period must end after it starts");
        }
        List<Row> spend = rows(query(from, to, "Dimension", "ServiceName"), "servicename");
        Map<Key, Map<String, String>> tags = new HashMap<>();
        Map<Key, Map<String, Double>> weight = new HashMap<>();
        for (String tag : TAGS) {
            for (Row row : rows(query(from, to, "TagKey", tag), "tagvalue")) {
                if (row.value() == null || row.value().isBlank()) continue;
                Key k = new Key(row.day(), row.resource());
                Map<String, Double> w = weight.computeIfAbsent(k, x -> new HashMap<>());
                if (row.cost() >= w.getOrDefault(tag, Double.NEGATIVE_INFINITY)) {
                    tags.computeIfAbsent(k, x -> new HashMap<>()).put(tag, row.value());
                    w.put(tag, row.cost());
                }
            }
        }
        Map<Group, Double> sums = new LinkedHashMap<>();
        for (Row row : spend) {
            Map<String, String> t = tags.getOrDefault(new Key(row.day(), row.resource()), Map.of());
            Integer version = null;
            try {
                String v = t.get(CostTags.VERSION);
                if (v != null) version = Integer.valueOf(v.strip());
            } catch (NumberFormatException ex) {
                version = null;
            }
            String service = row.value() == null || row.value().isBlank() ? service(row.resource()) : row.value();
            Group g = new Group(row.day(), t.get(CostTags.PROJECT), t.get(CostTags.MODEL), version, t.get(CostTags.ENDPOINT),
                    service, row.currency());
            sums.merge(g, row.cost(), Double::sum);
        }
        List<CostLine> lines = new ArrayList<>();
        sums.forEach((g, amount) -> lines.add(new CostLine(g.day(), g.project(), g.model(), g.version(), g.endpoint(),
                g.service(), amount, g.currency())));
        return lines;
    }

    /** The query body: ActualCost, daily, over [from, to) (Cost Management's end is inclusive). */
    private ObjectNode query(LocalDate from, LocalDate to, String type, String name) {
        ObjectNode q = Arm.JSON.createObjectNode();
        q.put("type", "ActualCost");
        q.put("timeframe", "Custom");
        q.putObject("timePeriod").put("from", from + "T00:00:00Z").put("to", to.minusDays(1) + "T23:59:59Z");
        ObjectNode ds = q.putObject("dataset");
        ds.put("granularity", "Daily");
        ds.putObject("aggregation").putObject("totalCost").put("name", "Cost").put("function", "Sum");
        ArrayNode grouping = ds.putArray("grouping");
        grouping.addObject().put("type", "Dimension").put("name", "ResourceId");
        grouping.addObject().put("type", type).put("name", name);
        return q;
    }

    /** One row of a query answer, by column name. */
    private record Row(LocalDate day, String resource, double cost, String currency, String value) {
    }

    private List<Row> rows(ObjectNode body, String valueColumn) {
        String path = "/subscriptions/" + config.subscriptionId().strip() + "/providers/Microsoft.CostManagement/query";
        List<Row> rows = new ArrayList<>();
        Arm.Reply r = arm.call(HttpMethod.POST, path, config.costApiVersion(), body);
        while (true) {
            JsonNode props = r.body() == null ? null : r.body().path("properties");
            if (props == null || props.isMissingNode()) break;
            Map<String, Integer> col = new HashMap<>();
            int i = 0;
            for (JsonNode c : props.path("columns")) col.put(c.path("name").asText().toLowerCase(Locale.ROOT), i++);
            Integer cost = first(col, "cost", "pretaxcost", "totalcost", "costusd");
            Integer date = first(col, "usagedate");
            Integer resource = first(col, "resourceid");
            Integer currency = first(col, "currency");
            Integer value = first(col, valueColumn);
            if (cost == null || date == null) {
                throw new org.aegisml.api.UnavailableException("Cost Management answered without cost or date columns");
            }
            for (JsonNode row : props.path("rows")) {
                rows.add(new Row(day(row.get(date)), resource == null ? "" : row.path(resource).asText(""),
                        row.path(cost).asDouble(), currency == null ? "USD" : row.path(currency).asText("USD"),
                        value == null || row.path(value).isNull() ? null : row.path(value).asText(null)));
            }
            String next = props.path("nextLink").asText("");
            if (next.isBlank()) break;
            r = arm.postAbsolute(next, body);
        }
        return rows;
    }

    private static Integer first(Map<String, Integer> col, String... names) {
        for (String n : names) {
            if (col.containsKey(n)) return col.get(n);
        }
        return null;
    }

    /** UsageDate comes as a number (20261123) or, in some api-versions, as an ISO timestamp. */
    static LocalDate day(JsonNode v) {
        String s = v.isNumber() ? Long.toString(v.asLong()) : v.asText();
        if (s.length() == 8 && s.chars().allMatch(Character::isDigit)) {
            return LocalDate.parse(s, DateTimeFormatter.BASIC_ISO_DATE);
        }
        return LocalDate.parse(s.substring(0, 10));
    }

    static String service(String resourceId) {
        String[] p = resourceId.split("/");
        for (int i = 0; i + 1 < p.length; i++) {
            if (p[i].equalsIgnoreCase("providers")) {
                String ns = p[i + 1];
                return ns.equalsIgnoreCase("Microsoft.MachineLearningServices") ? ML_SERVICE : ns;
            }
        }
        return resourceId.isBlank() ? "Azure" : resourceId;
    }
}
