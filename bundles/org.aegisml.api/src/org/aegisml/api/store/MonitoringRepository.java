package org.aegisml.api.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The monitoring tables: the raw event stream (append-only, written in bulk), the summaries
 * (opaque blobs merged by the monitoring service under a row lock), per-feature binning
 * schemes and the model price table.
 */
@ProviderType
public interface MonitoringRepository {

    /** One raw event as stored; {@code payload} is its JSON (features, texts, signals...). */
    record EventRow(String eventId, Instant timestamp, String model, int version, String endpoint, String arm,
            boolean error, Double latencyMs, Long inputTokens, Long outputTokens, Double cost, String payload) {
    }

    /** A summary row's identity: {@code resolution} is {@code m}, {@code h} or {@code d}. */
    record SummaryKey(char resolution, String model, int version, String endpoint, String arm, Instant bucket) {
    }

    record SummaryRow(SummaryKey key, long count, byte[] data) {
    }

    record FeatureScheme(String model, String feature, String kind, byte[] bins) {
    }

    /** A model version's drift baseline: its description as JSON and, for a dataset baseline, its summary. */
    record BaselineRow(String model, int version, String definition, byte[] data, Instant updatedAt) {
    }

    record Price(String model, double inputPerMillion, double outputPerMillion, String currency, Instant updatedAt,
            String updatedBy) {
    }

    /**
     * Inserts the events whose id is not stored yet, in bulk; returns the ids that were
     * inserted (an id already present is left as it was).
     */
    Set<String> insertEvents(List<EventRow> events);

    Optional<EventRow> event(String eventId);

    /** Sets an event's ground truth; false when it has none stored (and so is not relabelled). */
    boolean setLabel(String eventId, String yTrueJson);

    /** Current summary blobs of these keys, locked until the unit ends (absent keys are missing). */
    Map<SummaryKey, SummaryRow> lockSummaries(Collection<SummaryKey> keys);

    /** Inserts or replaces these summary rows. */
    void saveSummaries(Collection<SummaryRow> rows);

    /**
     * Summary rows of one resolution for a model in {@code [from, to)}, any model, version,
     * endpoint or arm when the argument is null, in bucket order.
     */
    List<SummaryRow> summaries(char resolution, String model, Integer version, String endpoint, String arm,
            Instant from, Instant to);

    /** Every scheme, for the cache at start-up. */
    List<FeatureScheme> schemes();

    /** Stores the scheme unless one exists for the feature; returns the one that is stored now. */
    FeatureScheme ensureScheme(FeatureScheme scheme);

    List<Price> prices();

    void savePrice(Price price);

    boolean deletePrice(String model);

    Optional<BaselineRow> baseline(String model, int version);

    /** Inserts or replaces a baseline. */
    void saveBaseline(BaselineRow row);

    boolean deleteBaseline(String model, int version);

    /** A model's drift settings as JSON, when set. */
    Optional<String> driftSettings(String model);

    void saveDriftSettings(String model, String definition, Instant at, String by);

    /** Deletes raw events older than {@code before}; returns how many. */
    long purgeEvents(Instant before);
}
