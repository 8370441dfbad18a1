package org.aegisml.api.monitoring;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard extension point: how likely an input (with the passages retrieved for it, where
 * indirect injections hide) is a prompt-injection attempt. The event's injection score is
 * the highest of all registered scorers; a model-based classifier plugs in here.
 */
@ConsumerType
public interface PromptInjectionScorer {
    String name();

    SignalScore score(LlmCall call);
}
