package org.aegisml.provider.gcp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.aegisml.api.UnavailableException;
import org.aegisml.api.cost.CostLine;
import org.aegisml.api.cost.CostSource;
import org.aegisml.provider.gcp.internal.FakeBigQuery.Usage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The cost source against a BigQuery fake holding a billing export with two days and two models. */
class BigQueryCostSourceTest {
    static final LocalDate DAY1 = LocalDate.parse("2026-11-20");
    static final LocalDate DAY2 = LocalDate.parse("2026-11-21");

    @BeforeAll
    static void runtime() throws IOException {
        Fixtures.runtime();
        FakeBigQuery bq = Fixtures.bigquery();
        if (!bq.table.isEmpty()) return;
        Map<String, String> churn1 = labels("churn", "1", "churn-prod");
        Map<String, String> churn2 = labels("churn", "2", "churn-prod");
        Map<String, String> fraud3 = labels("fraud", "3", "fraud-prod");
        String me = Fixtures.PROJECT;
        bq.table.addAll(List.of(
                new Usage(Instant.parse("2026-11-20T00:00:00Z"), me, churn1, "Vertex AI", "10.00", "-1.00", "USD"),
                new Usage(Instant.parse("2026-11-20T23:00:00Z"), me, churn1, "Vertex AI", "2.50", "0", "USD"),
                new Usage(Instant.parse("2026-11-20T08:00:00Z"), me, fraud3, "Vertex AI", "4.25", "0", "USD"),
                new Usage(Instant.parse("2026-11-21T01:00:00Z"), me, churn2, "Vertex AI", "7.00", "0", "USD"),
                new Usage(Instant.parse("2026-11-21T02:00:00Z"), me, fraud3, "Vertex AI", "3.75", "-0.25", "USD"),
                new Usage(Instant.parse("2026-11-21T03:00:00Z"), me, Map.of(), "Cloud Storage", "0.40", "0", "USD"),
                // outside [from, to) and another project's spend: never in the answer
                new Usage(Instant.parse("2026-11-19T23:59:59Z"), me, churn1, "Vertex AI", "100", "0", "USD"),
                new Usage(Instant.parse("2026-11-22T00:00:00Z"), me, churn2, "Vertex AI", "100", "0", "USD"),
                new Usage(Instant.parse("2026-11-20T12:00:00Z"), "someone-else", churn1, "Vertex AI", "100", "0", "USD")));
    }

    static Map<String, String> labels(String model, String version, String endpoint) {
        return Map.of("aegisml-project", "fraud-team", "aegisml-model", model, "aegisml-version", version,
                "aegisml-endpoint", endpoint);
    }

    static CostLine line(List<CostLine> lines, LocalDate day, String model, Integer version) {
        List<CostLine> found = lines.stream().filter(l -> l.day().equals(day) && java.util.Objects.equals(l.model(), model)
                && java.util.Objects.equals(l.version(), version)).toList();
        assertEquals(1, found.size(), "lines for " + day + " " + model + " " + version + " in " + lines);
        return found.get(0);
    }

    @Test
    void costsAreAttributedToModelVersionEndpointAndDay() {
        CostSource source = Fixtures.costs();
        assertEquals("gcp", source.provider());
        FakeBigQuery bq = Fixtures.bigquery();
        int polls = bq.polls.get();
        int pages = bq.pages.get();

        List<CostLine> lines = source.daily(DAY1, DAY2.plusDays(1));

        assertEquals(5, lines.size(), lines.toString());
        CostLine c1 = line(lines, DAY1, "churn", 1);
        assertEquals(11.50, c1.amount(), 1e-9);
        assertEquals("churn-prod", c1.endpoint());
        assertEquals("fraud-team", c1.project());
        assertEquals("Vertex AI", c1.service());
        assertEquals("USD", c1.currency());
        assertEquals(4.25, line(lines, DAY1, "fraud", 3).amount(), 1e-9);
        assertEquals("fraud-prod", line(lines, DAY1, "fraud", 3).endpoint());
        assertEquals(7.00, line(lines, DAY2, "churn", 2).amount(), 1e-9);
        assertEquals(3.50, line(lines, DAY2, "fraud", 3).amount(), 1e-9);
        CostLine untagged = line(lines, DAY2, null, null);
        assertEquals(null, untagged.project());
        assertEquals(null, untagged.endpoint());
        assertEquals("Cloud Storage", untagged.service());
        assertEquals(0.40, untagged.amount(), 1e-9);

        JsonNode q = bq.queries.get(bq.queries.size() - 1);
        String sql = q.path("query").asText();
        assertTrue(sql.contains("FROM `" + FakeBigQuery.TABLE + "`"), sql);
        assertTrue(sql.contains("DATE(usage_start_time) >= @from AND DATE(usage_start_time) < @to"), sql);
        assertTrue(sql.contains("project.id = @project"), sql);
        assertEquals(false, q.path("useLegacySql").asBoolean(true));
        assertEquals("2026-11-20", parameter(q, "from"));
        assertEquals("2026-11-22", parameter(q, "to"));
        assertEquals(Fixtures.PROJECT, parameter(q, "project"));
        assertTrue(bq.polls.get() > polls, "an incomplete job was never polled");
        assertEquals(pages + 2, bq.pages.get(), "five rows at two a page are three pages");
    }

    @Test
    void anEmptyRangeAsksNothing() {
        int queries = Fixtures.bigquery().queries.size();
        assertEquals(List.of(), Fixtures.costs().daily(DAY1, DAY1));
        assertEquals(queries, Fixtures.bigquery().queries.size());
    }

    @Test
    void withoutABillingTableItSaysWhatIsMissing() {
        BigQueryCostSource source = new BigQueryCostSource(GcpSettings.from(Fixtures.config(Map.of("project",
                Fixtures.PROJECT))), new Adc());
        UnavailableException e = assertThrows(UnavailableException.class, () -> source.daily(DAY1, DAY2));
        assertEquals("billingTable", e.field());
    }

    static String parameter(JsonNode q, String name) {
        for (JsonNode p : q.path("queryParameters")) {
            if (p.path("name").asText().equals(name)) return p.path("parameterValue").path("value").asText();
        }
        throw new AssertionError("no parameter " + name + " in " + q);
    }

    @AfterAll
    static void everyCallCarriedABearerToken() {
        Fixtures.assertAllAuthorized(Fixtures.bigquery());
    }
}
