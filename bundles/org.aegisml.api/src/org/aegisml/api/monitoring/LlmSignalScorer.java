package org.aegisml.api.monitoring;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard extension point: one further LLM signal scored on every LLM event, such as
 * {@code pii}, {@code policy}, {@code hallucination} or {@code disagreement}. Called
 * concurrently on the ingest path, so it must be fast and stateless; one that throws is
 * recorded as failed for that event and never rejects the event.
 */
@ConsumerType
public interface LlmSignalScorer {
    /** Signal name, snake_case; also the metric name suffix ({@code signal_<name>}). */
    String signal();

    SignalScore score(LlmCall call);
}
