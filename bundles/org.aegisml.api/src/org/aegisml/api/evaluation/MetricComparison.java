package org.aegisml.api.evaluation;

/**
 * One metric of a regression test: both values, {@code delta} = candidate - baseline, the
 * method ({@code bootstrap} or {@code mcnemar}), the bootstrap's confidence interval of the
 * delta or McNemar's p-value with the discordant pair counts, the tolerance, and the verdict
 * with its reason in words.
 */
public record MetricComparison(String metric, Double candidate, Double baseline, Double delta, String method,
        Double ciLow, Double ciHigh, Double pValue, Long candidateOnly, Long baselineOnly, double tolerance,
        RegressionVerdict verdict, String reason) {
}
