package org.aegisml.api.monitoring;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Ingest of inference events and the queries over their summaries. An ingest returns only
 * once its accepted events are durable; it throws {@link org.aegisml.api.UnavailableException}
 * when the database cannot be reached, and then nothing of the call was accepted.
 */
@ProviderType
public interface Monitoring {

    IngestReport ingest(List<Event> events);

    /**
     * Ingests JSON: one event object ({@code batch} false; a rejected event throws
     * {@link org.aegisml.api.ValidationException}), or newline-delimited JSON, one event per
     * line ({@code batch} true; rejected lines are reported, blank lines ignored).
     */
    IngestReport ingestJson(InputStream body, boolean batch);

    LabelReport label(List<Label> labels);

    /** Labels as newline-delimited JSON ({@code event_id}, {@code y_true}) or one JSON object. */
    LabelReport labelJson(InputStream body, boolean batch);

    MetricSeries series(SeriesQuery query);

    VersionSummary summary(String model, Integer version, String endpoint, Arm arm, Instant from, Instant to);

    /**
     * One metric over the whole window {@code [from, to)} (widened to whole minutes), e.g. the
     * error rate of the last five minutes; empty where it is undefined (no events, no
     * latencies, no labels). Arguments as in {@link SeriesQuery}.
     */
    java.util.OptionalDouble value(String model, Integer version, String endpoint, Arm arm, Metric metric, Instant from,
            Instant to);

    /**
     * The series of {@code query} with its anomalies flagged: each point against the
     * {@code window} steps before it (history before {@code from} is read too), flagged when
     * |z| exceeds {@code threshold}.
     */
    Anomalies anomalies(SeriesQuery query, int window, double threshold);

    /** Spend per day and group with its spikes, from the day summaries. */
    CostReport costs(CostQuery query);

    List<ModelPrice> prices();

    /** Sets a model's token prices (audited); applies to events ingested from then on. */
    ModelPrice setPrice(String model, double inputPerMillion, double outputPerMillion, String currency,
            org.aegisml.api.security.Actor actor);

    boolean deletePrice(String model, org.aegisml.api.security.Actor actor);

    /**
     * Appends the Prometheus text exposition of what this process ingested (per model,
     * version, endpoint and arm: events, errors, latency histogram, tokens, cost, flags).
     */
    void exposition(StringBuilder out);
}
