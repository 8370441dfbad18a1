/**
 * Safe deployment: deployments (an endpoint bound to a stable version and at most one
 * candidate), rollouts that move traffic between them step by step under analysis, approval
 * gates, the gateway that routes live calls, and the {@link org.aegisml.api.deployment.InferenceBackend}
 * whiteboard through which a version is called wherever it is served.
 */
package org.aegisml.api.deployment;
