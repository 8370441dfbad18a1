/**
 * Offline evaluation and the online feedback loop: evaluation runs of a model or prompt
 * version on a registered dataset version, per-example results, regression tests against the
 * production version with a promotion gate, feedback on live calls and its curation into the
 * next dataset version. Metrics come from {@link org.aegisml.api.evaluation.Evaluator}
 * services (a whiteboard: install a bundle with one and its metrics become usable).
 */
package org.aegisml.api.evaluation;
