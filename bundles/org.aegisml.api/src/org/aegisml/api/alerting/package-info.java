/**
 * Alerting: rules over the monitoring metrics, the destinations their notifications go to,
 * the history of firing episodes and of every delivery. Channels (Slack, e-mail, webhooks,
 * third-party ones) are {@link org.aegisml.api.alerting.AlertChannel} whiteboard services:
 * register one and destinations of its type can be used.
 */
package org.aegisml.api.alerting;
