package org.aegisml.client.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.DeploymentSpec;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.deployment.Health;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutAction;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.security.Actor;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link Deployments} over {@code /api/v1/deployments} and {@code /api/v1/rollouts}. The
 * {@code Actor} arguments are ignored: the server knows the caller from the connection's key.
 * Deployments and rollouts come back as the server shows them, with secret backend options
 * masked. {@link #reconcile} is the server's own controller pass and is not offered.
 */
final class RestDeployments implements Deployments {
    static final String DEPLOYMENTS = "/api/v1/deployments";
    static final String ROLLOUTS = "/api/v1/rollouts";
    private final RestClient http;

    RestDeployments(RestClient http) {
        this.http = http;
    }

    @Override
    public Deployment create(DeploymentSpec spec, Actor actor) {
        if (spec == null) throw new ValidationException("body", "a deployment is required");
        ObjectNode body = Wire.object();
        body.put("name", spec.name());
        body.put("description", spec.description());
        body.put("project", spec.project());
        body.set("stable", DeploymentWire.target(spec.stable()));
        if (spec.capture() != null) {
            ObjectNode c = body.putObject("capture");
            c.put("inputs", spec.capture().inputs());
            c.put("outputs", spec.capture().outputs());
            c.put("features", spec.capture().features());
        }
        return DeploymentWire.deployment(http.send("POST", DEPLOYMENTS, body));
    }

    @Override
    public Optional<Deployment> find(String name) {
        return Remote.optional(() -> DeploymentWire.deployment(http.get(path(name))), "name");
    }

    @Override
    public List<Deployment> list() {
        return Wire.items(http.get(DEPLOYMENTS), DeploymentWire::deployment);
    }

    @Override
    public void delete(String name, Actor actor) {
        http.delete(path(name));
    }

    @Override
    public Rollout startRollout(String deployment, RolloutSpec spec, Actor actor) {
        if (spec == null) throw new ValidationException("body", "a rollout is required");
        return DeploymentWire.rollout(http.send("POST", path(deployment) + "/rollouts", DeploymentWire.rolloutBody(spec)));
    }

    @Override
    public Optional<Rollout> rollout(String id) {
        return Remote.optional(() -> DeploymentWire.rollout(http.get(ROLLOUTS + "/" + RestClient.seg("id", id))), "id");
    }

    @Override
    public List<Rollout> rollouts(String deployment) {
        return Wire.items(http.get(path(deployment) + "/rollouts"), DeploymentWire::rollout);
    }

    @Override
    public Rollout act(String rollout, RolloutAction action, String reason, Actor actor) {
        if (action == null) throw new ValidationException("action", "action is required");
        ObjectNode body = Wire.object();
        body.put("reason", reason);
        return DeploymentWire.rollout(http.send("POST", ROLLOUTS + "/" + RestClient.seg("rollout", rollout) + "/"
                + action.wire(), body));
    }

    @Override
    public Health health(String deployment) {
        return Wire.read(http.get(path(deployment) + "/health"), Health.class);
    }

    @Override
    public void reconcile(Instant now) {
        throw Remote.serverOnly("Deployments.reconcile (the rollout controller's pass)");
    }

    private static String path(String name) {
        return DEPLOYMENTS + "/" + RestClient.seg("name", name);
    }

    @Override
    public String toString() {
        return "RestDeployments[" + http.server() + "]";
    }
}
