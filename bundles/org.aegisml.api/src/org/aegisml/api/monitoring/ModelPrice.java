package org.aegisml.api.monitoring;

import java.time.Instant;

/**
 * What a model's tokens cost, per million input and output tokens, in {@code currency}
 * (ISO 4217). Prices LLM events that arrive without a cost of their own.
 */
public record ModelPrice(String model, double inputPerMillion, double outputPerMillion, String currency,
        Instant updatedAt, String updatedBy) {
}
