package org.aegisml.api.deployment;

/**
 * The A/B significance test of a rollout on its metric: each arm's value and sample count,
 * the difference B minus A, the test used ({@code two-proportion z}, {@code welch t}), its
 * p-value and whether the difference is significant at {@code alpha}. Null p-value: not enough
 * data yet.
 */
public record Comparison(String metric, Double a, long aCount, Double b, long bCount, Double difference, String test,
        Double pValue, double alpha, boolean significant) {
}
