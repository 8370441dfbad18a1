package org.aegisml.monitoring.internal;

import java.util.Map;
import java.util.stream.Collectors;

import org.aegisml.api.store.MonitoringRepository.Price;
import org.aegisml.api.store.Store;

/**
 * The price table (per model, per million input and output tokens) that prices LLM events
 * sent without a cost. Reloaded every few seconds so that a change made on another replica
 * applies there too.
 */
final class Prices {
    static final long RELOAD_NANOS = 5_000_000_000L;
    private final Store store;
    private volatile Map<String, Price> prices = Map.of();
    private volatile long loadedAt;

    Prices(Store store) {
        this.store = store;
        reload();
    }

    void reload() {
        prices = store.read(tx -> tx.monitoring().prices()).stream()
                .collect(Collectors.toUnmodifiableMap(Price::model, p -> p));
        loadedAt = System.nanoTime();
    }

    Price get(String model) {
        if (System.nanoTime() - loadedAt > RELOAD_NANOS) {
            try {
                reload();
            } catch (RuntimeException e) {
                // Keep pricing with the table we have; the database outage shows elsewhere.
                loadedAt = System.nanoTime();
            }
        }
        return prices.get(model);
    }

    /** The cost of a call from its tokens, or null when the model has no price or no tokens. */
    Double cost(String model, Long inputTokens, Long outputTokens) {
        if (inputTokens == null && outputTokens == null) return null;
        Price p = get(model);
        if (p == null) return null;
        long in = inputTokens == null ? 0 : inputTokens;
        long out = outputTokens == null ? 0 : outputTokens;
        return (in * p.inputPerMillion() + out * p.outputPerMillion()) / 1_000_000.0;
    }
}
