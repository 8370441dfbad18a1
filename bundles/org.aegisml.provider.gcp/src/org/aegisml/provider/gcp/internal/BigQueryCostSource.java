package org.aegisml.provider.gcp.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.aegisml.api.UnavailableException;
import org.aegisml.api.cost.CostLine;
import org.aegisml.api.cost.CostSource;
import org.aegisml.api.provider.Provider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Spend from the Cloud Billing export to BigQuery ({@code billingTable}, the standard usage cost
 * schema): one BigQuery {@code jobs.query} sums {@code cost} net of {@code credits} per UTC day
 * of {@code usage_start_time}, service and currency and the {@code aegisml-*} labels, for the
 * configured project only. The days are query parameters; the table name cannot be one, so it
 * is checked against BigQuery's naming rules first ({@link GcpSettings}). Rows come as
 * {@code f}/{@code v} cells, every value a string; a query that is not complete in the first
 * answer and further pages are fetched with {@code getQueryResults}.
 */
@Component(service = CostSource.class, configurationPid = GcpProvider.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Provider.PROPERTY + "=" + GcpProvider.NAME)
public final class BigQueryCostSource implements CostSource {
    static final int WAIT_MS = 10_000;
    private final GcpSettings settings;
    private final GcpHttp http;

    @Activate
    public BigQueryCostSource(GcpConfig config) {
        this(GcpSettings.from(config), new Adc());
    }

    BigQueryCostSource(GcpSettings settings, Adc adc) {
        this.settings = settings;
        this.http = new GcpHttp(adc, settings.requestTimeout().plusMillis(WAIT_MS));
    }

    @Deactivate
    void deactivate() {
        http.close();
    }

    @Override
    public String provider() {
        return GcpProvider.NAME;
    }

    static String sql(GcpSettings.BillingTable table) {
        return "SELECT FORMAT_DATE('%F', DATE(usage_start_time)) AS day,\n"
                + "  " + label(Labels.PROJECT) + " AS project,\n"
                + "  " + label(Labels.MODEL) + " AS model,\n"
                + "  " + label(Labels.VERSION) + " AS version,\n"
                + "  " + label(Labels.ENDPOINT) + " AS endpoint,\n"
                + "  service.description AS service,\n"
                + "  SUM(cost) + SUM(IFNULL((SELECT SUM(c.amount) FROM UNNEST(credits) AS c), 0)) AS amount,\n"
                + "  currency\n"
                + "FROM " + table.sql() + "\n"
                + "WHERE DATE(usage_start_time) >= @from AND DATE(usage_start_time) < @to AND project.id = @project\n"
                + "GROUP BY day, project, model, version, endpoint, service, currency\n"
                + "ORDER BY day, project, model, version, endpoint, service";
    }

    private static String label(String key) {
        return "(SELECT l.value FROM UNNEST(labels) AS l WHERE l.key = '" + key + "' LIMIT 1)";
    }

    @Override
    public List<CostLine> daily(LocalDate from, LocalDate to) {
        if (!settings.hasProject()) {
            throw new UnavailableException("project", "the GCP provider has no project: set 'project' in " + GcpProvider.PID);
        }
        if (settings.billingTable() == null) {
            throw new UnavailableException("billingTable", "no Cloud Billing export table: set 'billingTable' "
                    + "(project.dataset.table) in " + GcpProvider.PID);
        }
        if (!from.isBefore(to)) return List.of();
        ObjectNode body = GcpHttp.JSON.createObjectNode().put("query", sql(settings.billingTable()))
                .put("useLegacySql", false).put("parameterMode", "NAMED").put("timeoutMs", WAIT_MS);
        ArrayNode params = body.putArray("queryParameters");
        param(params, "from", "DATE", from.toString());
        param(params, "to", "DATE", to.toString());
        param(params, "project", "STRING", settings.project());
        String jobs = settings.bigquery() + "/bigquery/v2/projects/" + settings.project() + "/queries";
        JsonNode page = http.post(jobs, body, "querying the billing export");
        long deadline = System.nanoTime() + settings.operationTimeout().toNanos();
        while (!page.path("jobComplete").asBoolean(false)) {
            if (System.nanoTime() > deadline) {
                throw new UnavailableException(null, "the billing export query did not complete in "
                        + settings.operationTimeout().toMinutes() + " minutes");
            }
            page = http.get(results(page, null), "waiting for the billing export query");
        }
        List<CostLine> lines = new ArrayList<>();
        Map<String, Integer> columns = columns(page);
        while (true) {
            for (JsonNode row : page.path("rows")) lines.add(line(row.path("f"), columns));
            String token = page.path("pageToken").asText("");
            if (token.isEmpty()) return lines;
            page = http.get(results(page, token), "reading the billing export query's results");
            if (page.has("schema")) columns = columns(page);
        }
    }

    /** {@code jobs.getQueryResults} of the job a page belongs to, waiting server-side up to {@link #WAIT_MS}. */
    private String results(JsonNode page, String pageToken) {
        JsonNode job = page.path("jobReference");
        StringBuilder u = new StringBuilder(settings.bigquery()).append("/bigquery/v2/projects/")
                .append(enc(job.path("projectId").asText(settings.project()))).append("/queries/")
                .append(enc(job.path("jobId").asText())).append("?timeoutMs=").append(WAIT_MS);
        String location = job.path("location").asText("");
        if (!location.isEmpty()) u.append("&location=").append(enc(location));
        if (pageToken != null) u.append("&pageToken=").append(enc(pageToken));
        return u.toString();
    }

    private static Map<String, Integer> columns(JsonNode page) {
        Map<String, Integer> columns = new HashMap<>();
        JsonNode fields = page.path("schema").path("fields");
        for (int i = 0; i < fields.size(); i++) columns.put(fields.get(i).path("name").asText(), i);
        for (String c : List.of("day", "project", "model", "version", "endpoint", "service", "amount", "currency")) {
            if (!columns.containsKey(c)) throw new UnavailableException(null, "the billing export query's answer has no column " + c);
        }
        return columns;
    }

    private static CostLine line(JsonNode cells, Map<String, Integer> columns) {
        String version = text(cells, columns, "version");
        Integer v = version != null && version.matches("[0-9]{1,9}") ? Integer.valueOf(version) : null;
        String amount = text(cells, columns, "amount");
        return new CostLine(LocalDate.parse(text(cells, columns, "day")), text(cells, columns, "project"),
                text(cells, columns, "model"), v, text(cells, columns, "endpoint"), text(cells, columns, "service"),
                amount == null ? 0 : Double.parseDouble(amount), text(cells, columns, "currency"));
    }

    /** A cell's value; SQL NULL and an empty label value are null. */
    private static String text(JsonNode cells, Map<String, Integer> columns, String column) {
        JsonNode v = cells.path(columns.get(column)).path("v");
        return v.isNull() || v.isMissingNode() || v.asText().isEmpty() ? null : v.asText();
    }

    private static void param(ArrayNode params, String name, String type, String value) {
        ObjectNode p = params.addObject().put("name", name);
        p.putObject("parameterType").put("type", type);
        p.putObject("parameterValue").put("value", value);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
