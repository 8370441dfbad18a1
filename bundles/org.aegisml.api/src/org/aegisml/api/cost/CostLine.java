package org.aegisml.api.cost;

import java.time.LocalDate;

/**
 * Spend on one day for one combination of tags: {@code model} is the model's name and
 * {@code version} its version number when the provider's tags carry them (null otherwise),
 * {@code service} the provider's name for what was billed ({@code Amazon SageMaker}),
 * {@code amount} in {@code currency} (ISO 4217).
 */
public record CostLine(LocalDate day, String project, String model, Integer version, String endpoint, String service,
        double amount, String currency) {
}
