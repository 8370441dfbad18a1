/**
 * The policy engine: versioned policy documents whose rules decide, at each
 * {@link org.aegisml.api.policy.DecisionPoint}, whether a promotion, a rollout, a rollout step
 * or a live LLM call may go on. Every decision is written to the audit log with the inputs it
 * saw. {@link org.aegisml.api.policy.PolicyRule} and
 * {@link org.aegisml.api.policy.PolicyContextProvider} are whiteboard extension points.
 */
package org.aegisml.api.policy;
