package org.aegisml.api.deployment;

/**
 * What a caller submits to create a deployment: the endpoint {@code name} (as used in
 * {@code /v1/endpoints/{name}}), the stable {@link Target}, the project its events and costs
 * are attributed to, and what the gateway captures. {@code target.model} may be null: it is
 * resolved by the service.
 */
public record DeploymentSpec(String name, String description, String project, Target stable, Capture capture) {
}
