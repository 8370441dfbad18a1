/**
 * What is plugged in: every extension service (drift detectors, evaluators, policy rules, alert
 * channels, backends, providers, console views...) with the bundle it came from, and the plugin
 * bundles dropped into a {@code plugins/} directory with their state.
 */
package org.aegisml.api.extension;
