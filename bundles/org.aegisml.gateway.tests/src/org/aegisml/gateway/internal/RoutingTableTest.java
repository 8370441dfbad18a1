package org.aegisml.gateway.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.Capture;
import org.aegisml.api.deployment.Deployment;
import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.VersionRef;
import org.junit.jupiter.api.Test;

/** Listener changes and polls in every order they can arrive. */
class RoutingTableTest {
    final List<Endpoint> announced = new ArrayList<>();
    final RoutingTable table = new RoutingTable(announced::add);

    static Deployment d(String name, int weight, long revision) {
        Target stable = new Target(new VersionRef(AssetType.MODEL, "m", 1),
                new Backend("http-json", "http://127.0.0.1:1/p", Duration.ofSeconds(1), 0, Map.of()), null);
        Target candidate = new Target(new VersionRef(AssetType.MODEL, "m", 2),
                new Backend("http-json", "http://127.0.0.1:2/p", Duration.ofSeconds(1), 0, Map.of()), null);
        return new Deployment(name, null, "p", stable, candidate, new Routing(Strategy.CANARY, weight, 0, null),
                Capture.DEFAULT, "r1", null, null, "t", Instant.EPOCH, Instant.EPOCH, revision);
    }

    @Test
    void aPollAppliesNewRevisionsAndRemovesWhatIsGone() {
        long t0 = System.nanoTime();
        table.poll(List.of(d("a", 10, 1), d("b", 0, 1)), t0);
        assertEquals(10, table.get("a").routing().candidateWeight());
        assertEquals("models/m/1", table.get("a").stable().version());
        assertEquals("m", table.get("a").candidate().model());
        assertEquals(2, table.get("a").candidate().modelVersion());
        assertEquals(2, announced.size());
        table.poll(List.of(d("a", 10, 1), d("b", 0, 1)), System.nanoTime());
        assertEquals(2, announced.size(), "same revisions: nothing rebuilt");
        table.poll(List.of(d("a", 50, 2)), System.nanoTime());
        assertEquals(50, table.get("a").routing().candidateWeight());
        assertNull(table.get("b"), "deleted elsewhere");
    }

    @Test
    void aPollOlderThanAnAnnouncedChangeDoesNotUndoIt() {
        table.poll(List.of(d("a", 50, 1)), System.nanoTime());
        long pollStart = System.nanoTime(); // a poll reads the database here...
        table.changed("a", d("a", 0, 2)); // ...a rollback is committed and announced...
        table.poll(List.of(d("a", 50, 1)), pollStart); // ...and the poll's older snapshot arrives
        assertEquals(0, table.get("a").routing().candidateWeight(), "the rollback holds");
        table.poll(List.of(d("a", 0, 2)), System.nanoTime());
        assertEquals(2, table.get("a").revision());
    }

    @Test
    void anAnnouncedCreateOrDeleteSurvivesAnOlderPoll() {
        long pollStart = System.nanoTime();
        table.changed("new", d("new", 0, 1));
        table.poll(List.of(), pollStart);
        assertNotNull(table.get("new"), "created after the poll read");

        table.poll(List.of(d("gone", 0, 3)), System.nanoTime());
        pollStart = System.nanoTime();
        table.changed("gone", null);
        assertNull(table.get("gone"));
        table.poll(List.of(d("gone", 0, 3), d("new", 0, 1)), pollStart);
        assertNull(table.get("gone"), "deleted after the poll read");
        table.poll(List.of(d("new", 0, 1)), System.nanoTime());
        assertNull(table.get("gone"));
        assertEquals(1, table.all().size());
    }

    @Test
    void stickyKeyAndSaltComeFromTheDeployment() {
        Deployment ab = new Deployment("x", null, "p", d("x", 0, 1).stable(), d("x", 0, 1).candidate(),
                new Routing(Strategy.AB, 50, 0, "header:X-User"), null, null, null, null, "t", Instant.EPOCH, Instant.EPOCH, 1);
        table.changed("x", ab);
        Endpoint ep = table.get("x");
        assertEquals(new StickyKey(true, "x-user"), ep.sticky());
        assertEquals("x", ep.salt(), "no rollout: the endpoint's name");
        assertEquals(Capture.DEFAULT, ep.capture());
        assertEquals("r1", Endpoint.of(d("y", 0, 1)).salt());
    }
}
