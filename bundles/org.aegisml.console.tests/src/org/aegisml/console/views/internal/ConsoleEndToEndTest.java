package org.aegisml.console.views.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.aegisml.console.View;
import org.aegisml.console.views.internal.model.OverviewModel;
import org.aegisml.console.views.internal.model.SpecDiff;
import org.aegisml.testing.ConsoleWindow;
import org.aegisml.testing.Fx;
import org.aegisml.testing.Http;
import org.aegisml.testing.ModelServer;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;

/**
 * The console against a real server over HTTP, driven through its controls the way an
 * operator would: connect (a wrong key first), approve a pending promotion, see why the
 * requester may not approve their own request, roll a rollout back. Each view is saved as a
 * PNG under target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    static Http admin;
    static Http alice;
    static Http bob;
    static String aliceKey;
    static ModelServer backend;
    static ConsoleWindow ui;
    static Scene scene;
    static String promotionApproval;
    static String promotionRollout;
    static String ownApproval;
    static String liveRollout;
    static String spender;

    @BeforeAll
    static void start() throws Exception {
        if (System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isBlank()) {
            throw new AssertionError("the console's UI tests need a display: run the build under Xvfb "
                    + "(apt-get install -y xvfb libgtk-3-0; xvfb-run -a ./mvnw -B verify), as .ci/run does");
        }
        admin = TestRuntime.ensureServer();
        backend = ModelServer.start("console-test");
        aliceKey = key("approver", "alice");
        alice = admin.as(aliceKey);
        bob = admin.as(key("operator", "bob"));

        // A canary that asks for approval before it promotes (bob's), a rollout alice herself asked
        // to start (she may not approve it), and one that is live at 20 % (to be rolled back).
        String d1 = deployment();
        spender = d1;
        // Spend today: a price and a few LLM calls of version 1.
        assertEquals(200, admin.put("/api/v1/prices/" + d1, "{\"input_per_million\":2.5,\"output_per_million\":10}").status());
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            events.append("{\"model_id\":\"").append(d1).append("\",\"model_version\":1,\"timestamp\":\"")
                    .append(java.time.Instant.now().minusSeconds(60 + i)).append("\",\"input_tokens\":4000,\"output_tokens\":1000,")
                    .append("\"features\":{\"tenure\":").append(i).append("}}\n");
        }
        assertEquals(20, admin.send("POST", "/api/v1/events", "application/x-ndjson", events.toString().getBytes())
                .json().get("accepted").asInt());
        java.time.Instant now = java.time.Instant.now();
        Http.Response baseline = admin.put("/api/v1/drift/baselines/" + d1 + "/1", "{\"from\":\"" + now.minusSeconds(600)
                + "\",\"to\":\"" + now + "\"}");
        assertEquals(200, baseline.status(), baseline.toString());
        JsonNode r1 = started(bob.post("/api/v1/deployments/" + d1 + "/rollouts", "{\"strategy\":\"canary\","
                + "\"approval_to_promote\":true,\"candidate\":" + target("models/" + d1 + "/2")
                + ",\"steps\":[{\"weight\":100,\"duration\":\"1s\"}],\"reason\":\"v2 for everyone\"}"));
        promotionRollout = r1.get("id").asText();
        String d2 = deployment();
        started(alice.post("/api/v1/deployments/" + d2 + "/rollouts", "{\"strategy\":\"canary\",\"require_approval\":true,"
                + "\"candidate\":" + target("models/" + d2 + "/2") + ",\"steps\":[{\"weight\":50,\"duration\":\"1h\"},"
                + "{\"weight\":100,\"duration\":\"1h\"}],\"reason\":\"mine\"}"));
        String d3 = deployment();
        liveRollout = started(bob.post("/api/v1/deployments/" + d3 + "/rollouts", "{\"strategy\":\"canary\",\"candidate\":"
                + target("models/" + d3 + "/2") + ",\"steps\":[{\"weight\":20,\"duration\":\"1h\"},{\"weight\":100,"
                + "\"duration\":\"1h\"}],\"analysis\":[{\"metric\":\"error_rate\",\"threshold\":0.05}],\"interval\":\"1s\","
                + "\"window\":\"1m\",\"reason\":\"try v2 on a fifth\"}")).get("id").asText();
        long end = System.nanoTime() + WAIT.toNanos();
        while ((promotionApproval == null || ownApproval == null) && System.nanoTime() < end) {
            for (JsonNode a : admin.get("/api/v1/approvals?state=pending").json().get("items")) {
                if (a.get("kind").asText().equals("promotion") && a.get("subject").asText().equals(promotionRollout)) {
                    promotionApproval = a.get("id").asText();
                }
                if (a.get("deployment").asText().equals(d2)) ownApproval = a.get("id").asText();
            }
            Thread.sleep(200);
        }
        assertTrue(promotionApproval != null && ownApproval != null, "the controller filed both approval requests");

        ui = ConsoleWindow.open(WAIT);
        scene = ui.scene();
    }

    @AfterAll
    static void stop() {
        if (backend != null) backend.close();
    }

    private static String key(String role, String name) {
        Http.Response r = admin.post("/api/v1/keys", "{\"name\":\"" + name + "-" + UUID.randomUUID().toString().substring(0, 6)
                + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, r.status(), r.toString());
        return r.json().get("key").asText();
    }

    private static String target(String version) {
        return "{\"version\":\"" + version + "\",\"backend\":{\"type\":\"http-json\",\"url\":\"" + backend.predictUrl()
                + "\",\"timeout\":\"2s\"}}";
    }

    private static String deployment() {
        String m = "console-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, admin.post("/api/v1/models", "{\"name\":\"" + m + "\",\"kind\":\"ml\"}").status());
        for (int v = 1; v <= 2; v++) {
            Http.Response r = admin.multipart("/api/v1/models/" + m + "/versions", List.of(
                    Http.Part.json("metadata", "{\"framework\":\"sklearn\",\"format\":\"pickle\",\"metrics\":{\"auc\":0.8" + v
                            + "}}"),
                    Http.Part.file("artifact", "model.pkl", UUID.randomUUID().toString().getBytes())));
            assertEquals(201, r.status(), r.toString());
        }
        Http.Response d = admin.post("/api/v1/deployments", "{\"name\":\"" + m + "\",\"stable\":" + target("models/" + m + "/1") + "}");
        assertEquals(201, d.status(), d.toString());
        return m;
    }

    private static JsonNode started(Http.Response r) {
        assertEquals(201, r.status(), r.toString());
        return r.json();
    }

    private static String text(String id) {
        return ui.text(id);
    }

    private static void type(String id, String text) {
        ui.type(id, text);
    }

    private static void click(String id) {
        ui.click(id);
    }

    private static void openView(String id) {
        ui.openView(id);
    }

    private static <R> void selectRow(String table, java.util.function.Predicate<R> which) {
        ui.selectRow(table, which);
    }

    private static void connect() {
        if (text("session").contains("alice")) return;
        type("server", admin.base());
        type("key", aliceKey);
        click("connect");
        Fx.await("the session as alice", WAIT, () -> text("session").contains("alice"));
    }

    @Test
    @Order(1)
    void aWrongKeyIsRefusedInWordsAndTheRightOneConnects() throws Exception {
        type("server", admin.base());
        type("key", "aegis_wrong_key");
        click("connect");
        Fx.await("the refusal", WAIT, () -> text("connect-message").contains("refused the API key"));
        Fx.screenshot(scene, "00-connect-refused");
        connect();
        assertTrue(text("session").startsWith(admin.base()), text("session"));
        assertTrue(text("session").contains("(approver)"), text("session"));
        // The server is remembered for next time; the key never is.
        String remembered = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("aegisml.console.dataDir"),
                "console.properties"));
        assertTrue(remembered.contains("server=" + admin.base().replace(":", "\\:")), remembered);
        assertTrue(!remembered.contains(aliceKey) && !remembered.contains("aegis_"), "no key on disk: " + remembered);
    }

    @Test
    @Order(2)
    void theOverviewShowsDeploymentsAndPendingApprovals() throws Exception {
        connect();
        openView("overview");
        Fx.await("the overview's numbers", WAIT, () -> !text("approvals-count").equals("–")
                && Integer.parseInt(text("approvals-count")) >= 2);
        selectRow("deployments", (OverviewModel.Row r) -> liveRollout.equals(r.rollout()) && r.weight() == 20);
        Path png = Fx.screenshot(scene, "01-overview");
        assertTrue(Files.size(png) > 10_000, "a screenshot with content");
    }

    @Test
    @Order(3)
    void anApproverApprovesAPendingPromotionAndTheServerRecordsIt() throws Exception {
        connect();
        openView("approvals");
        selectRow("approvals", (org.aegisml.api.deployment.Approval a) -> a.id().equals(promotionApproval));
        Fx.await("the decision rule", WAIT, () -> text("decision-rule").startsWith("You may approve"));
        Fx.await("the evidence", WAIT, () -> Fx.<javafx.scene.control.TreeView<String>>lookup(scene, "evidence").getRoot()
                .getChildren().size() > 1);
        Fx.await("the change against production", WAIT, () -> text("diff-title").startsWith("Changes from models/")
                && Fx.<javafx.scene.control.ListView<SpecDiff.Line>>lookup(scene, "spec-diff").getItems()
                        .contains(new SpecDiff.Line(SpecDiff.Kind.ADDED, "metrics.auc: 0.82")));
        type("comment", "metrics look fine");
        Fx.screenshot(scene, "02-approvals");
        click("approve");
        Fx.await("the approval's result", WAIT, () -> text("approval-result").startsWith("Approved " + promotionApproval));

        JsonNode a = admin.get("/api/v1/approvals/" + promotionApproval).json();
        assertEquals("approved", a.get("state").asText(), a.toString());
        assertTrue(a.get("decided_by").asText().startsWith("alice"), a.toString());
        assertEquals("metrics look fine", a.get("comment").asText());
        long end = System.nanoTime() + WAIT.toNanos();
        String state = "";
        while (System.nanoTime() < end && !(state = admin.get("/api/v1/rollouts/" + promotionRollout).json().get("state")
                .asText()).equals("promoted")) {
            Thread.sleep(200);
        }
        assertEquals("promoted", state, "the approved promotion went through");
    }

    @Test
    @Order(4)
    void theRequesterCannotApproveTheirOwnRequestAndIsToldWhy() throws Exception {
        connect();
        openView("approvals");
        selectRow("approvals", (org.aegisml.api.deployment.Approval a) -> a.id().equals(ownApproval));
        Fx.await("the rule for alice's own request", WAIT,
                () -> text("decision-rule").contains("requester can never approve their own request"));
        assertTrue(Fx.call(() -> Fx.<Button>lookup(scene, "approve").isDisabled()), "approve is disabled");
        assertTrue(Fx.call(() -> Fx.<Button>lookup(scene, "reject").isDisabled()), "reject is disabled");
        Fx.screenshot(scene, "03-approvals-own-request");
        // The server agrees: the same request through alice's key is refused.
        Http.Response refused = alice.post("/api/v1/approvals/" + ownApproval + "/approve", "{}");
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("pending", admin.get("/api/v1/approvals/" + ownApproval).json().get("state").asText());
    }

    @Test
    @Order(5)
    void anOperatorRollsARolloutBackFromTheRolloutsView() throws Exception {
        connect();
        openView("rollouts");
        selectRow("rollouts", (org.aegisml.api.deployment.Rollout r) -> r.id().equals(liveRollout));
        Fx.await("the rollout's detail", WAIT, () -> text("rollout-header").startsWith(liveRollout)
                && !Fx.<Button>lookup(scene, "rollback").isDisabled());
        assertTrue(text("rollout-header").contains("step 1 of 2"), text("rollout-header"));
        Fx.screenshot(scene, "04-rollouts");
        click("rollback");
        assertTrue(Fx.call(() -> Fx.<Button>lookup(scene, "confirm-ok").isDisabled()), "no action without a reason");
        type("confirm-reason", "error budget burnt");
        click("confirm-ok");
        Fx.await("the rollback's result", WAIT, () -> text("rollout-result").contains("rolled back"));

        JsonNode r = admin.get("/api/v1/rollouts/" + liveRollout).json();
        assertEquals("rolled_back", r.get("state").asText(), r.toString());
        assertEquals(0, r.get("candidate_weight").asInt());
        assertTrue(r.toString().contains("error budget burnt"), "the reason is recorded: " + r);
        Fx.await("the timeline after the rollback", WAIT, () -> text("rollout-header").contains("rolled back"));
        Fx.screenshot(scene, "05-rollouts-rolled-back");
    }

    @Test
    @Order(6)
    void theOtherViewsShowCostsDriftTheRegistryAlertsAndTheVerifiedAuditLog() throws Exception {
        connect();
        openView("overview");
        Fx.await("spend today", WAIT, () -> text("spend-today").startsWith("$") && !text("spend-today").equals("$0.00"));

        // A provider's bill for the same model (its SageMaker endpoint, say), taken into the cost ledger.
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        var bill = org.aegisml.testing.TestRuntime.context().registerService(org.aegisml.api.cost.CostSource.class,
                new org.aegisml.api.cost.CostSource() {
                    public String provider() {
                        return "testcloud";
                    }

                    public List<org.aegisml.api.cost.CostLine> daily(java.time.LocalDate from, java.time.LocalDate to) {
                        return List.of(new org.aegisml.api.cost.CostLine(today, null, spender, 1, spender, "Hosting", 4.5, "USD"));
                    }
                }, new java.util.Hashtable<>(Map.of("aegisml.provider", "testcloud")));
        try {
            var synced = admin.post("/api/v1/costs/ledger/sync", "{}");
            assertEquals(200, synced.status(), synced.text());
        } finally {
            bill.unregister();
        }

        openView("cost");
        Fx.await("the cost total", WAIT, () -> text("cost-total").startsWith("Token cost over 30 days: $")
                && !text("cost-total").startsWith("Token cost over 30 days: $0.00"));
        Fx.await("token and infrastructure cost side by side", WAIT, () -> text("cost-total").contains("Infrastructure cost: $4.50")
                && Fx.<Boolean>call(() -> Fx.<javafx.scene.control.TableView<org.aegisml.console.views.internal.model.CostModel.Split>>lookup(scene, "cost-split")
                        .getItems().stream().anyMatch(x -> x.key().equals(spender) && x.infrastructure() == 4.5
                                && x.tokens() > 0 && x.sources().startsWith("testcloud"))));
        Fx.screenshot(scene, "06-cost");

        openView("drift");
        Fx.run(() -> Fx.<javafx.scene.control.ComboBox<String>>lookup(scene, "drift-model").setValue(spender));
        Fx.await("the versions of " + spender, WAIT, () -> Fx.<javafx.scene.control.ComboBox<Integer>>lookup(scene, "drift-version")
                .getItems().contains(1));
        Fx.run(() -> Fx.<javafx.scene.control.ComboBox<Integer>>lookup(scene, "drift-version").setValue(1));
        Fx.await("the drift of " + spender, WAIT, () -> text("drift-summary").startsWith(spender + " v1: ")
                && text("drift-summary").contains("20 events against 20 in the baseline"),
                () -> text("drift-summary") + " | " + text("status") + " | model " + Fx.<javafx.scene.control.ComboBox<String>>lookup(
                        scene, "drift-model").getValue() + " of " + Fx.<javafx.scene.control.ComboBox<String>>lookup(scene, "drift-model")
                        .getItems() + ", version " + Fx.<javafx.scene.control.ComboBox<Integer>>lookup(scene, "drift-version").getValue()
                        + " of " + Fx.<javafx.scene.control.ComboBox<Integer>>lookup(scene, "drift-version").getItems());
        selectRow("drift-features", (org.aegisml.console.views.internal.model.DriftModel.Row r) -> r.feature().equals("tenure"));
        Fx.screenshot(scene, "07-drift");

        openView("metrics");
        Fx.run(() -> {
            Fx.<javafx.scene.control.ComboBox<String>>lookup(scene, "metrics-model").setValue(spender);
            Fx.<javafx.scene.control.ComboBox<org.aegisml.api.monitoring.Metric>>lookup(scene, "metrics-metric")
                    .setValue(org.aegisml.api.monitoring.Metric.COUNT);
        });
        Fx.await("calls per minute of " + spender, WAIT, () -> text("metrics-summary").matches("2 version\\(s\\), [1-9][0-9]* points.*"),
                () -> text("metrics-summary") + " | " + text("status"));
        Fx.screenshot(scene, "075-metrics");

        openView("registry");
        selectRow("registry-assets", (org.aegisml.api.registry.Asset a) -> a.name().equals(spender));
        Fx.await("the versions and lineage of " + spender, WAIT, () -> Fx.<javafx.scene.layout.Pane>lookup(scene, "lineage")
                .getChildren().stream().anyMatch(n -> n instanceof Label l && l.getText().startsWith("models/" + spender + "/")));
        Fx.screenshot(scene, "08-registry");

        openView("alerts");
        Fx.await("the alert tables", WAIT, () -> scene.lookup("#alerts-history") != null);
        Fx.screenshot(scene, "09-alerts");

        openView("audit");
        Fx.await("the chain's verification", WAIT, () -> text("audit-verification").startsWith("Hash chain intact"));
        Fx.await("audit entries", WAIT, () -> !Fx.<TableView<?>>lookup(scene, "audit").getItems().isEmpty());
        Fx.screenshot(scene, "10-audit");
    }

    @Test
    @Order(7)
    void anUnreachableServerIsSaidAndTheConsolePicksUpWhenItIsBack() throws Exception {
        connect();
        click("disconnect");
        Fx.await("the connect pane", WAIT, () -> scene.lookup("#connect") != null && text("connect-message").startsWith("Disconnected"));
        int port = java.net.URI.create(admin.base()).getPort();
        try (TcpProxy proxy = new TcpProxy(port)) {
            String url = "http://127.0.0.1:" + proxy.port();
            type("server", url);
            type("key", aliceKey);
            click("connect");
            Fx.await("the session through the proxy", WAIT, () -> text("session").startsWith(url));
            openView("overview");
            Fx.await("connected", WAIT, () -> text("connection").equals("connected"));
            proxy.cut();
            Fx.await("the outage in the window", WAIT, () -> text("connection").startsWith("server unreachable since"));
            assertTrue(text("status").contains("The server is unreachable"), text("status"));
            Fx.screenshot(scene, "11-server-unreachable");
            proxy.restore();
            Fx.await("the console back by itself", WAIT, () -> text("connection").equals("connected"));
        }
        click("disconnect");
        connect();
    }

    @Test
    @Order(8)
    @SuppressWarnings("unchecked")
    void aViewRegisteredAtRuntimeAppearsAndGoesAwayWithItsService() throws Exception {
        connect();
        View plugin = new View() {
            @Override
            public String id() {
                return "plugin-test";
            }

            @Override
            public String title() {
                return "From a plugin";
            }

            @Override
            public org.aegisml.console.ViewPane open(org.aegisml.console.ViewContext ctx) {
                Label l = new Label("drawn by a plugin for " + ctx.operator().name());
                l.setId("plugin-label");
                return new org.aegisml.console.ViewPane() {
                    @Override
                    public javafx.scene.Node node() {
                        return l;
                    }

                    @Override
                    public void refresh() {
                    }
                };
            }
        };
        var registration = TestRuntime.context().registerService(View.class, plugin, null);
        try {
            openView("plugin-test");
            Fx.await("the plugin's view", WAIT, () -> text("plugin-label").startsWith("drawn by a plugin for alice"));
        } finally {
            registration.unregister();
        }
        Fx.await("the plugin's view gone", WAIT, () -> ((ListView<View>) Fx.lookup(scene, "nav")).getItems().stream()
                .noneMatch(v -> v.id().equals("plugin-test")) && scene.lookup("#plugin-label") == null);
        assertTrue(Fx.<ListView<View>>lookup(scene, "nav").getItems().stream().anyMatch(v -> v.id().equals("overview")),
                "the built-in views stay");
    }

    @Test
    @Order(9)
    void localModeNeverTakesOverAStoreSomethingElseConfigured() throws Exception {
        connect();
        click("disconnect");
        Fx.await("the connect pane", WAIT, () -> text("connect-message").startsWith("Disconnected"));
        click("local");
        Fx.await("the refusal", WAIT, () -> text("connect-message").contains("already runs a store configured by something else"),
                () -> text("connect-message"));
        assertEquals(200, admin.get("/api/v1/deployments").status(), "the server's store is untouched");
        connect();
    }

    @Test
    @Order(10)
    @SuppressWarnings("unchecked")
    void theKeyboardMovesBetweenViewsAndEnterOpensAnOverviewItem() throws Exception {
        connect();
        openView("overview");
        // Ctrl+2: the second view in the list (Rollouts), as an operator's keyboard sends it.
        Fx.run(() -> scene.getAccelerators().get(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.DIGIT2,
                javafx.scene.input.KeyCombination.SHORTCUT_DOWN)).run());
        Fx.await("the rollouts view", WAIT, () -> Fx.<ListView<View>>lookup(scene, "nav").getSelectionModel().getSelectedItem()
                .id().equals("rollouts"));
        openView("overview");
        selectRow("pending", (org.aegisml.api.deployment.Approval a) -> a.id().equals(ownApproval));
        Fx.run(() -> {
            TableView<?> pending = Fx.lookup(scene, "pending");
            pending.requestFocus();
            javafx.event.Event.fireEvent(pending, new javafx.scene.input.KeyEvent(javafx.scene.input.KeyEvent.KEY_PRESSED, "", "",
                    javafx.scene.input.KeyCode.ENTER, false, false, false, false));
        });
        Fx.await("the approval opened from the overview", WAIT, () -> {
            if (!Fx.<ListView<View>>lookup(scene, "nav").getSelectionModel().getSelectedItem().id().equals("approvals")) return false;
            var selected = Fx.<TableView<org.aegisml.api.deployment.Approval>>lookup(scene, "approvals").getSelectionModel()
                    .getSelectedItem();
            return selected != null && selected.id().equals(ownApproval);
        }, () -> text("approval-header"));
    }

    @Test
    @Order(11)
    @SuppressWarnings("unchecked")
    void aViewPluginDroppedIntoTheConsolesPluginsDirectoryAppearsAndGoesAwayWhenRemoved() throws Exception {
        connect();
        // The example plugin the reactor built: out of the runtime, its jar into the console's plugins directory.
        org.osgi.framework.Bundle built = TestRuntime.bundle("org.aegisml.example.view");
        Path jar = TestRuntime.bundleFile(built);
        built.uninstall();
        Path plugins = Path.of(System.getProperty("aegisml.console.dataDir")).resolve("plugins");
        Files.createDirectories(plugins);
        Path dropped = plugins.resolve("inventory.jar");
        Files.copy(jar, dropped, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try {
            Fx.await("the inventory view in the list", WAIT, () -> ((ListView<View>) Fx.lookup(scene, "nav"))
                    .getItems().stream().anyMatch(v -> v.id().equals("inventory")));
            openView("inventory");
            Fx.await("the inventory counts", WAIT, () -> text("inventory-counts").matches("[1-9][0-9]* models, [0-9]+ prompts, [0-9]+ datasets"),
                    () -> text("inventory-counts"));
            Fx.screenshot(scene, "12-plugin-view");
        } finally {
            Files.deleteIfExists(dropped);
        }
        Fx.await("the inventory view gone", WAIT, () -> ((ListView<View>) Fx.lookup(scene, "nav")).getItems()
                .stream().noneMatch(v -> v.id().equals("inventory")) && scene.lookup("#inventory-counts") == null);
    }
}
