/**
 * Provider SPIs: what a bundle for a cloud or cluster (AWS, GCP, Azure, Kubernetes, or a third
 * party's) registers so that AegisML can run versions there ({@link org.aegisml.api.provider.ModelHost}),
 * read the provider's own endpoint metrics ({@link org.aegisml.api.provider.MetricsSource}) and
 * say whether it can reach it ({@link org.aegisml.api.provider.Provider}). Costs are in
 * {@link org.aegisml.api.cost}, object storage is an {@link org.aegisml.api.artifact.ArtifactStore}.
 * <p>
 * Every service a provider bundle registers carries the service property
 * {@value org.aegisml.api.provider.Provider#PROPERTY} with the provider's {@link org.aegisml.api.provider.Provider#name()},
 * so that {@code GET /api/v1/providers} can list each provider with its capabilities. All of them
 * are whiteboard services: installing or removing the bundle adds or removes the capability at once.
 * <p>
 * Credentials come only from each provider's standard chain (environment, profiles, workload or
 * managed identity); they are never part of these types, never logged and never returned.
 */

package org.aegisml.api.provider;


