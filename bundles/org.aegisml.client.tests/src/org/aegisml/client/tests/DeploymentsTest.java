package org.aegisml.client.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.aegisml.api.ConflictException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Capture;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.DeploymentSpec;
import org.aegisml.api.deployment.Deployments;
import org.aegisml.api.deployment.Health;
import org.aegisml.api.deployment.Rollout;
import org.aegisml.api.deployment.RolloutAction;
import org.aegisml.api.deployment.RolloutSpec;
import org.aegisml.api.deployment.RolloutState;
import org.aegisml.api.deployment.Step;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.client.Connection;
import org.aegisml.testing.ModelServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Deployments and rollouts through the client, compared with what the server's own JSON says. */
class DeploymentsTest {
    static ModelServer backend;
    static Connection admin;
    static Deployments deployments;

    @BeforeAll
    static void start() throws Exception {
        backend = ModelServer.start("client-test");
        admin = Fixtures.connect();
        deployments = admin.service(Deployments.class);
    }

    @AfterAll
    static void stop() {
        admin.close();
        backend.close();
    }

    static Target target(String model, int version) {
        return Fixtures.target(model, version, backend.predictUrl());
    }

    static RolloutSpec canary(String model, boolean approval, String reason) {
        return Fixtures.canary(model, approval, reason, backend.predictUrl());
    }

    @Test
    void aDeploymentReadsBackAsTheServerShowsIt() throws Exception {
        String m = Fixtures.model(2);
        Deployment created = deployments.create(new DeploymentSpec(m, "churn scoring", "p1", target(m, 1),
                new Capture(true, null, null)), null);
        assertEquals(m, created.name());
        assertEquals(new VersionRef(AssetType.MODEL, m, 1), created.stable().version());
        assertEquals(new VersionRef(AssetType.MODEL, m, 1), created.stable().model(), "the server resolves the model");
        assertEquals("****", created.stable().backend().options().get("header.Authorization"), "secrets come back masked");
        assertEquals(Duration.ofSeconds(2), created.stable().backend().timeout());
        assertEquals(0, created.stable().backend().retries());
        assertEquals(new Capture(true, false, true), created.capture());
        assertEquals(0, created.routing().candidateWeight());

        JsonNode json = Fixtures.get("/api/v1/deployments/" + m);
        Deployment found = deployments.find(m).orElseThrow();
        assertEquals(created, found, "created and read back are the same record");
        assertEquals(json.get("revision").asLong(), found.revision());
        assertEquals(Instant.parse(json.get("created_at").asText()), found.createdAt());
        assertEquals(json.get("created_by").asText(), found.createdBy());
        assertEquals(json.get("project").asText(), found.project());
        assertEquals(json.at("/stable/backend/url").asText(), found.stable().backend().url());
        assertTrue(deployments.list().contains(found), "listed");

        Health h = deployments.health(m);
        JsonNode hj = Fixtures.get("/api/v1/deployments/" + m + "/health");
        assertEquals(m, h.deployment());
        assertEquals(hj.get("score").asInt(), h.score());
        assertEquals(hj.get("components").size(), h.components().size());
        assertEquals(hj.at("/components/0/name").asText(), h.components().get(0).name());

        assertEquals("name", assertThrows(ConflictException.class, () -> deployments.create(new DeploymentSpec(m, null, null,
                target(m, 1), null), null)).field());
        assertEquals("stable.version", assertThrows(ValidationException.class, () -> deployments.create(new DeploymentSpec(
                Fixtures.unique("d"), null, null, target(m, 9), null), null)).field());
        assertTrue(deployments.find(Fixtures.unique("none")).isEmpty());
        assertThrows(NotFoundException.class, () -> deployments.health(Fixtures.unique("none")));

        deployments.delete(m, null);
        assertTrue(deployments.find(m).isEmpty());
        assertEquals(404, Fixtures.admin().get("/api/v1/deployments/" + m).status());
        assertThrows(NotFoundException.class, () -> deployments.delete(m, null));
    }

    @Test
    void aRolloutIsStartedReadActedOnAndListed() throws Exception {
        String m = Fixtures.model(2);
        deployments.create(new DeploymentSpec(m, null, null, target(m, 1), null), null);
        assertEquals("steps", assertThrows(ValidationException.class, () -> deployments.startRollout(m, new RolloutSpec(
                Strategy.CANARY, target(m, 2), List.of(new Step(10, null, null), new Step(50, null, null)), List.of(), null,
                null, null, null, null, null, null, null, null, null, null, null, null), null)).field());

        Rollout started = deployments.startRollout(m, canary(m, false, "try v2"), null);
        assertEquals(RolloutState.PROGRESSING, started.state());
        assertEquals(Strategy.CANARY, started.strategy());
        assertEquals(new VersionRef(AssetType.MODEL, m, 2), started.candidate().version());
        assertEquals(20, started.candidateWeight());
        assertEquals(List.of(20, 100), started.spec().steps().stream().map(Step::weight).toList());
        assertEquals(Duration.ofHours(1), started.spec().steps().get(0).duration());
        assertEquals("deployment", assertThrows(ConflictException.class,
                () -> deployments.startRollout(m, canary(m, false, null), null)).field(), "a second active rollout");

        Rollout read = deployments.rollout(started.id()).orElseThrow();
        JsonNode json = Fixtures.get("/api/v1/rollouts/" + started.id());
        assertEquals(json.get("state").asText(), read.state().wire());
        assertEquals(json.get("step").asInt(), read.step());
        assertEquals(json.get("candidate_weight").asInt(), read.candidateWeight());
        assertEquals(Instant.parse(json.get("created_at").asText()), read.createdAt());
        assertEquals(json.get("history").size(), read.history().size());
        assertTrue(read.history().size() >= 2, read.history().toString());
        assertEquals(json.at("/history/0/type").asText(), read.history().get(0).type());
        assertEquals("try v2", read.spec().reason(), "the spec's reason is the created event's");
        assertEquals(started.id(), deployments.find(m).orElseThrow().rollout());
        assertEquals(20, deployments.find(m).orElseThrow().routing().candidateWeight());

        Rollout paused = deployments.act(started.id(), RolloutAction.PAUSE, "lunch", null);
        assertEquals(RolloutState.PAUSED, paused.state());
        assertEquals("state", assertThrows(ConflictException.class,
                () -> deployments.act(started.id(), RolloutAction.PAUSE, null, null)).field());
        assertEquals(RolloutState.PROGRESSING, deployments.act(started.id(), RolloutAction.RESUME, null, null).state());
        Rollout aborted = deployments.act(started.id(), RolloutAction.ABORT, "changed my mind", null);
        assertEquals(RolloutState.ABORTED, aborted.state());
        assertTrue(aborted.endedAt() != null);

        List<Rollout> listed = deployments.rollouts(m);
        assertEquals(1, listed.size());
        assertEquals(started.id(), listed.get(0).id());
        assertEquals(RolloutState.ABORTED, listed.get(0).state());
        assertTrue(listed.get(0).history().isEmpty(), "listings carry no timeline");
        assertEquals(Fixtures.get("/api/v1/deployments/" + m + "/rollouts").get("items").size(), listed.size());

        String unknown = Fixtures.unique("none");
        assertTrue(deployments.rollout(unknown).isEmpty());
        assertThrows(NotFoundException.class, () -> deployments.act(unknown, RolloutAction.PAUSE, null, null));
        assertThrows(UnsupportedOperationException.class, () -> deployments.reconcile(Instant.now()));
        deployments.delete(m, null);
    }

    @Test
    void aViewerReadsButMayNotAct() throws Exception {
        String m = Fixtures.model(2);
        deployments.create(new DeploymentSpec(m, null, null, target(m, 1), null), null);
        Rollout r = deployments.startRollout(m, canary(m, false, null), null);
        try (Connection viewer = Fixtures.connector().connect(Fixtures.uri(), Fixtures.key("viewer").secret())) {
            Deployments d = viewer.service(Deployments.class);
            assertEquals(r.id(), d.rollout(r.id()).orElseThrow().id());
            assertThrows(org.aegisml.api.ForbiddenException.class, () -> d.act(r.id(), RolloutAction.PAUSE, null, null));
            assertThrows(org.aegisml.api.ForbiddenException.class, () -> d.delete(m, null));
        }
        assertFalse(deployments.rollout(r.id()).orElseThrow().state().terminal());
        deployments.act(r.id(), RolloutAction.ABORT, null, null);
    }
}
