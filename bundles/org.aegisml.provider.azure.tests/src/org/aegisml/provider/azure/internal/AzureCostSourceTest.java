package org.aegisml.provider.azure.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.aegisml.api.ValidationException;
import org.aegisml.api.cost.CostLine;
import org.aegisml.api.cost.CostSource;
import org.aegisml.api.cost.CostTags;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The azure cost source against the fake Cost Management query API, seeded with two days of
 * usage of two models on two endpoints, untagged spend, and a day outside the period.
 */
class AzureCostSourceTest {
    static final LocalDate D1 = LocalDate.of(2026, 11, 20);
    static final LocalDate D2 = LocalDate.of(2026, 11, 21);
    static final String ML = "Azure Machine Learning";
    static FakeAzure azure;
    static CostSource costs;

    static String deployment(String endpoint, String name) {
        return "/subscriptions/" + azure.arm.subscription + "/resourceGroups/rg-aegisml/providers/"
                + "Microsoft.MachineLearningServices/workspaces/" + azure.workspace + "/onlineEndpoints/" + endpoint
                + "/deployments/" + name;
    }

    static Map<String, String> tags(String project, String model, String version, String endpoint) {
        return Map.of(CostTags.PROJECT, project, CostTags.MODEL, model, CostTags.VERSION, version, CostTags.ENDPOINT,
                endpoint);
    }

    @BeforeAll
    static void start() throws Exception {
        azure = FakeAzure.start();
        costs = TestRuntime.service(CostSource.class, azure.filter());
        String churn = deployment("churn-prod", "churn-v3");
        String fraud = deployment("fraud-prod", "fraud-v2");
        for (LocalDate d : List.of(D1, D2)) {
            double f = d.equals(D1) ? 1 : 2;
            azure.arm.addUsage(new FakeArm.Usage(d, churn, ML, tags("retention", "churn", "3", "churn-prod"), 10.5 * f));
            azure.arm.addUsage(new FakeArm.Usage(d, fraud, ML, tags("risk", "fraud", "2", "fraud-prod"), 4.25 * f));
        }
        // The same model's second deployment on the same day adds up with the first.
        azure.arm.addUsage(new FakeArm.Usage(D2, deployment("churn-prod", "churn-v4"), ML,
                tags("retention", "churn", "4", "churn-prod"), 1.0));
        azure.arm.addUsage(new FakeArm.Usage(D1, "/subscriptions/" + azure.arm.subscription
                + "/resourceGroups/rg-other/providers/Microsoft.Storage/storageAccounts/logs", "Storage", Map.of(), 0.75));
        azure.arm.addUsage(new FakeArm.Usage(D2.plusDays(1), churn, ML, tags("retention", "churn", "3", "churn-prod"), 99));
    }

    @AfterAll
    static void stop() throws Exception {
        azure.close();
    }

    static CostLine line(List<CostLine> lines, LocalDate day, String model, Integer version) {
        return lines.stream().filter(l -> l.day().equals(day) && java.util.Objects.equals(l.model(), model)
                && java.util.Objects.equals(l.version(), version)).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + day + " " + model + " " + version + " in " + lines));
    }

    @Test
    void spendIsAttributedToProjectModelVersionEndpointAndDay() {
        List<CostLine> lines = costs.daily(D1, D2.plusDays(1));
        lines = lines.stream().sorted(Comparator.comparing(CostLine::day).thenComparing(l -> String.valueOf(l.model()))
                .thenComparing(l -> String.valueOf(l.version()))).toList();
        assertEquals(6, lines.size(), lines.toString());

        CostLine c1 = line(lines, D1, "churn", 3);
        assertEquals("retention", c1.project());
        assertEquals("churn-prod", c1.endpoint());
        assertEquals("Azure Machine Learning", c1.service());
        assertEquals(10.5, c1.amount(), 1e-9);
        assertEquals("EUR", c1.currency());
        assertEquals(21.0, line(lines, D2, "churn", 3).amount(), 1e-9);
        assertEquals(1.0, line(lines, D2, "churn", 4).amount(), 1e-9);

        CostLine f2 = line(lines, D2, "fraud", 2);
        assertEquals("risk", f2.project());
        assertEquals("fraud-prod", f2.endpoint());
        assertEquals(8.5, f2.amount(), 1e-9);
        assertEquals(4.25, line(lines, D1, "fraud", 2).amount(), 1e-9);

        CostLine untagged = line(lines, D1, null, null);
        assertEquals(null, untagged.project());
        assertEquals(null, untagged.endpoint());
        assertEquals("Storage", untagged.service());
        assertEquals(0.75, untagged.amount(), 1e-9);

        assertTrue(lines.stream().noneMatch(l -> l.day().isAfter(D2)), "the period's end is exclusive");
        assertEquals(List.of(), azure.arm.violations(), "at most two groupings per query, token and api-version on each");
        assertTrue(azure.arm.calls().stream().filter(c -> c.path().endsWith("/Microsoft.CostManagement/query")).count() > 5,
                "five queries (services, then one per tag), some of them over more than one page");
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsRefused() {
        assertThrows(ValidationException.class, () -> costs.daily(D2, D1));
    }

    @Test
    void theSourceIsNamedAfterTheProvider() {
        assertEquals("azure", costs.provider());
    }
}
