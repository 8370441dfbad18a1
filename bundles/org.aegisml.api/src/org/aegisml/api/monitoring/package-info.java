/**
 * Monitoring: the inference event contract, the streaming summaries read by dashboards and
 * rollout analysis, drift, LLM safety signals, cost and alerts. Drift detectors, LLM signal
 * scorers and alert channels are whiteboard services: register one and it is used.
 */
package org.aegisml.api.monitoring;
