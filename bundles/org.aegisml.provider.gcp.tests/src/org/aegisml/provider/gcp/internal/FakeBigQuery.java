package org.aegisml.provider.gcp.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * BigQuery's {@code jobs.query} and {@code jobs.getQueryResults} over a Cloud Billing export
 * table held as rows in memory. It does not parse SQL: it answers what the provider's query
 * means (net cost per UTC day, service, currency and {@code aegisml-*} labels, for
 * {@code project.id = @project} and days in {@code [@from, @to)}), computed from the bound
 * parameters, which it requires to be typed named parameters. The first answer says
 * {@code jobComplete: false}; results come two rows a page, with {@code pageToken}.
 */
final class FakeBigQuery extends Fake {
    static final String TABLE = "billing-proj.billing_ds.gcp_billing_export_v1_0000AA_BBBBBB_CCCCCC";
    private static final Pattern QUERIES = Pattern.compile("/bigquery/v2/projects/([^/]+)/queries(?:/([^/]+))?");
    static final int PAGE = 2;
    static final List<String> COLUMNS = List.of("day", "project", "model", "version", "endpoint", "service", "amount", "currency");

    /** One row of the standard usage cost export (the columns the query reads). */
    record Usage(Instant usageStartTime, String projectId, Map<String, String> labels, String service, String cost,
            String credits, String currency) {
    }

    final List<Usage> table = new CopyOnWriteArrayList<>();
    /** The request bodies of jobs.query, newest last. */
    final List<JsonNode> queries = new CopyOnWriteArrayList<>();
    private final Map<String, List<List<String>>> jobs = new ConcurrentHashMap<>();
    private final AtomicInteger jobIds = new AtomicInteger();
    final AtomicInteger polls = new AtomicInteger();
    final AtomicInteger pages = new AtomicInteger();

    FakeBigQuery(FakeToken tokens) throws IOException {
        super(tokens);
    }

    @Override
    synchronized void handle(HttpExchange x) throws IOException {
        Matcher m = QUERIES.matcher(x.getRequestURI().getPath());
        if (!m.matches() || !m.group(1).equals(FakeVertex.PROJECT)) {
            error(x, 404, "NOT_FOUND", "Not found: " + x.getRequestURI().getPath());
            return;
        }
        if (m.group(2) == null && x.getRequestMethod().equals("POST")) {
            query(x, body(x));
        } else if (m.group(2) != null && x.getRequestMethod().equals("GET")) {
            results(x, m.group(2));
        } else {
            error(x, 405, "UNIMPLEMENTED", x.getRequestMethod());
        }
    }

    private void query(HttpExchange x, JsonNode q) throws IOException {
        queries.add(q);
        if (q.path("useLegacySql").asBoolean(true) || !"NAMED".equals(q.path("parameterMode").asText())) {
            error(x, 400, "INVALID_ARGUMENT", "this fake answers standard SQL with named parameters only");
            return;
        }
        if (!q.path("query").asText().contains("FROM `" + TABLE + "`")) {
            error(x, 404, "NOT_FOUND", "Not found: Table in " + q.path("query").asText());
            return;
        }
        LocalDate from = LocalDate.parse(param(q, "from", "DATE"));
        LocalDate to = LocalDate.parse(param(q, "to", "DATE"));
        String project = param(q, "project", "STRING");
        Map<List<String>, BigDecimal> sums = new TreeMap<>(FakeBigQuery::compare);
        for (Usage u : table) {
            LocalDate day = LocalDate.ofInstant(u.usageStartTime(), ZoneOffset.UTC);
            if (day.isBefore(from) || !day.isBefore(to) || !u.projectId().equals(project)) continue;
            List<String> key = Arrays.asList(day.toString(), u.labels().get("aegisml-project"), u.labels().get("aegisml-model"),
                    u.labels().get("aegisml-version"), u.labels().get("aegisml-endpoint"), u.service(), u.currency());
            sums.merge(key, new BigDecimal(u.cost()).add(new BigDecimal(u.credits())), BigDecimal::add);
        }
        List<List<String>> rows = new ArrayList<>();
        sums.forEach((k, v) -> rows.add(Arrays.asList(k.get(0), k.get(1), k.get(2), k.get(3), k.get(4), k.get(5),
                v.toPlainString(), k.get(6))));
        String jobId = "job_" + jobIds.incrementAndGet();
        jobs.put(jobId, rows);
        ObjectNode r = JSON.createObjectNode().put("kind", "bigquery#queryResponse").put("jobComplete", false);
        r.putObject("jobReference").put("projectId", FakeVertex.PROJECT).put("jobId", jobId).put("location", "US");
        json(x, 200, r);
    }

    private void results(HttpExchange x, String jobId) throws IOException {
        List<List<String>> rows = jobs.get(jobId);
        Map<String, String> q = query(x);
        if (rows == null || !"US".equals(q.get("location"))) {
            error(x, 404, "NOT_FOUND", "Not found: Job " + FakeVertex.PROJECT + ":" + q.get("location") + "." + jobId);
            return;
        }
        polls.incrementAndGet();
        int start = q.containsKey("pageToken") ? Integer.parseInt(q.get("pageToken")) : 0;
        if (start > 0) pages.incrementAndGet();
        ObjectNode r = JSON.createObjectNode().put("kind", "bigquery#getQueryResultsResponse").put("jobComplete", true)
                .put("totalRows", Integer.toString(rows.size()));
        r.putObject("jobReference").put("projectId", FakeVertex.PROJECT).put("jobId", jobId).put("location", "US");
        ArrayNode fields = r.putObject("schema").putArray("fields");
        for (String c : COLUMNS) {
            fields.addObject().put("name", c).put("type", c.equals("amount") ? "FLOAT" : c.equals("day") ? "STRING" : "STRING")
                    .put("mode", "NULLABLE");
        }
        ArrayNode out = r.putArray("rows");
        for (int i = start; i < Math.min(rows.size(), start + PAGE); i++) {
            ArrayNode f = out.addObject().putArray("f");
            for (String v : rows.get(i)) {
                if (v == null) f.addObject().putNull("v");
                else f.addObject().put("v", v);
            }
        }
        if (start + PAGE < rows.size()) r.put("pageToken", Integer.toString(start + PAGE));
        json(x, 200, r);
    }

    private static String param(JsonNode q, String name, String type) {
        for (JsonNode p : q.path("queryParameters")) {
            if (p.path("name").asText().equals(name)) {
                if (!p.path("parameterType").path("type").asText().equals(type)) {
                    throw new IllegalArgumentException("@" + name + " is not of type " + type);
                }
                return p.path("parameterValue").path("value").asText();
            }
        }
        throw new IllegalArgumentException("no parameter @" + name);
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = Objects.compare(a.get(i), b.get(i), (s, t) -> s == null ? (t == null ? 0 : -1) : t == null ? 1 : s.compareTo(t));
            if (c != 0) return c;
        }
        return 0;
    }
}
