package org.aegisml.provider.aws.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import org.aegisml.api.UnavailableException;
import org.aegisml.api.cost.CostLine;
import org.aegisml.api.cost.CostSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The framework's cost source (configured through Configuration Admin for moto) against moto's
 * Cost Explorer. moto computes no costs; it answers each distinct GetCostAndUsage request body with the next seeded result, so the seeds below are in the order
 * the source asks: endpoint x version (two pages), endpoint x model, endpoint x project,
 * endpoint x service. A source that asked in another order, or not for the next page, would get
 * the wrong answers and fail the assertions.
 */
class CostExplorerSourceTest {
    private static final LocalDate D1 = LocalDate.of(2026, 11, 1);
    private static final LocalDate D2 = LocalDate.of(2026, 11, 2);
    private static final String SM = "Amazon SageMaker";
    private static final String S3 = "Amazon Simple Storage Service";
    private static final String EC2 = "Amazon Elastic Compute Cloud - Compute";

    private MotoServer moto;

    @BeforeEach
    void setUp() throws Exception {
        moto = MotoServer.get();
        moto.reset();
    }

    private static String group(String a, String b, String amount) {
        return "{\"Keys\":[\"" + a + "\",\"" + b + "\"],\"Metrics\":{\"UnblendedCost\":{\"Amount\":\"" + amount
                + "\",\"Unit\":\"USD\"}}}";
    }

    private static String day(LocalDate d, String... groups) {
        return "{\"TimePeriod\":{\"Start\":\"" + d + "\",\"End\":\"" + d.plusDays(1) + "\"},\"Total\":{},\"Groups\":["
                + String.join(",", groups) + "],\"Estimated\":true}";
    }

    private static String result(String nextPageToken, String... days) {
        return "{\"ResultsByTime\":[" + String.join(",", days) + "]"
                + (nextPageToken == null ? "" : ",\"NextPageToken\":\"" + nextPageToken + "\"") + "}";
    }

    private static CostLine line(List<CostLine> lines, LocalDate day, String endpoint, Integer version, String service) {
        List<CostLine> found = lines.stream().filter(l -> l.day().equals(day) && Objects.equals(l.endpoint(), endpoint)
                && Objects.equals(l.version(), version) && Objects.equals(l.service(), service)).toList();
        assertEquals(1, found.size(), () -> "one line for " + day + " " + endpoint + " v" + version + " " + service + " in " + lines);
        return found.get(0);
    }

    @Test
    void spendLandsOnItsProjectModelVersionEndpointDayAndService() throws Exception {
        String ep = "aegisml:endpoint$", ver = "aegisml:version$", model = "aegisml:model$", proj = "aegisml:project$";
        moto.seedCostAndUsage("[" + String.join(",",
                // 1. endpoint x version, page 1 of 2
                result("page-2", day(D1, group(ep + "fraud-prod", ver + "3", "10.00"),
                        group(ep + "fraud-prod", ver, "4.00"), group(ep, ver, "100.00"))),
                // 1. endpoint x version, page 2
                result(null, day(D2, group(ep + "fraud-prod", ver + "3", "12.00"), group(ep + "churn", ver + "7", "5.00"),
                        group(ep, ver, "90.00"))),
                // 2. endpoint x model
                result(null, day(D1, group(ep + "fraud-prod", model + "fraud", "14.00"), group(ep, model, "100.00")),
                        day(D2, group(ep + "fraud-prod", model + "fraud", "12.00"),
                                group(ep + "churn", model + "churn-model", "5.00"), group(ep, model, "90.00"))),
                // 3. endpoint x project (churn has no project tag)
                result(null, day(D1, group(ep + "fraud-prod", proj + "risk", "14.00"), group(ep, proj, "100.00")),
                        day(D2, group(ep + "fraud-prod", proj + "risk", "12.00"), group(ep + "churn", proj, "5.00"),
                                group(ep, proj, "90.00"))),
                // 4. endpoint x service
                result(null, day(D1, group(ep + "fraud-prod", SM, "10.50"), group(ep + "fraud-prod", S3, "3.50"),
                        group(ep, EC2, "100.00")),
                        day(D2, group(ep + "fraud-prod", SM, "12.00"), group(ep + "churn", SM, "5.00"),
                                group(ep, EC2, "60.00"), group(ep, "AWS Lambda", "30.00"))))
                + "]");

        List<CostLine> lines = MotoServer.service(CostSource.class).daily(D1, D2.plusDays(1));

        CostLine l = line(lines, D1, "fraud-prod", 3, SM);
        assertEquals(7.5, l.amount(), 1e-9);
        assertEquals("risk", l.project());
        assertEquals("fraud", l.model());
        assertEquals("USD", l.currency());
        assertEquals(2.5, line(lines, D1, "fraud-prod", 3, S3).amount(), 1e-9);
        // Endpoint spend no one version carries (a canary): the endpoint's and the model's.
        l = line(lines, D1, "fraud-prod", null, SM);
        assertEquals(3.0, l.amount(), 1e-9);
        assertEquals("fraud", l.model());
        assertEquals(1.0, line(lines, D1, "fraud-prod", null, S3).amount(), 1e-9);
        // Untagged spend: no project, model, version or endpoint.
        l = line(lines, D1, null, null, EC2);
        assertEquals(100.0, l.amount(), 1e-9);
        assertEquals(null, l.project());
        assertEquals(null, l.model());

        assertEquals(12.0, line(lines, D2, "fraud-prod", 3, SM).amount(), 1e-9);
        l = line(lines, D2, "churn", 7, SM);
        assertEquals(5.0, l.amount(), 1e-9);
        assertEquals("churn-model", l.model());
        assertEquals(null, l.project());
        assertEquals(60.0, line(lines, D2, null, null, EC2).amount(), 1e-9);
        assertEquals(30.0, line(lines, D2, null, null, "AWS Lambda").amount(), 1e-9);

        assertEquals(9, lines.size(), lines::toString);
        assertEquals(221.0, lines.stream().mapToDouble(CostLine::amount).sum(), 1e-9,
                "the lines add up to what Cost Explorer reports");
        assertTrue(lines.stream().allMatch(x -> x.day().equals(D1) || x.day().equals(D2)));
    }

    @Test
    void noSpendNoLines() throws Exception {
        CostSource source = MotoServer.service(CostSource.class);
        assertEquals(List.of(), source.daily(D1, D2));
        assertEquals(List.of(), source.daily(D2, D1));
        assertEquals("aws", source.provider());
    }

    @Test
    void unreachableIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (AwsSession session = new AwsSession(new AwsSession.Settings(MotoServer.REGION,
                URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(10), 1))) {
            assertThrows(UnavailableException.class, () -> new CostExplorerSource(session::costExplorer).daily(D1, D2));
        }
    }
}
