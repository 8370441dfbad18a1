package org.aegisml.gateway.internal;

import static org.aegisml.gateway.internal.Fixtures.await;
import static org.aegisml.gateway.internal.Fixtures.deployments;
import static org.aegisml.gateway.internal.Fixtures.endpoint;
import static org.aegisml.gateway.internal.Fixtures.failure;
import static org.aegisml.gateway.internal.Fixtures.invoke;
import static org.aegisml.gateway.internal.Fixtures.json;
import static org.aegisml.gateway.internal.Fixtures.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.Capture;
import org.aegisml.api.deployment.GatewayResponse;
import org.aegisml.api.deployment.Routing;
import org.aegisml.api.deployment.ShadowComparison;
import org.aegisml.api.deployment.Strategy;
import org.aegisml.api.deployment.Target;
import org.aegisml.api.monitoring.Arm;
import org.aegisml.api.monitoring.VersionSummary;
import org.aegisml.api.registry.AssetType;
import org.aegisml.api.registry.ModelKind;
import org.aegisml.api.registry.VersionRef;
import org.aegisml.api.store.MonitoringRepository.EventRow;
import org.aegisml.testing.Http;
import org.aegisml.testing.ModelServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** What reaches monitoring for each call, LLM calls and tokens, and prompt endpoints. */
class GatewayEventsTest {
    static ModelServer v1, v2, llm, llm2;

    @BeforeAll
    static void start() throws Exception {
        Fixtures.runtime();
        v1 = ModelServer.start("v1");
        v2 = ModelServer.start("v2");
        llm = ModelServer.start("llm");
        llm2 = ModelServer.start("llm2");
    }

    @AfterAll
    static void stop() {
        v1.close();
        v2.close();
        llm.close();
        llm2.close();
    }

    @BeforeEach
    void fresh() {
        for (ModelServer s : List.of(v1, v2, llm, llm2)) {
            s.reset();
            s.clear();
        }
    }

    static JsonNode payload(EventRow e) throws Exception {
        return Http.JSON.readTree(e.payload());
    }

    @Test
    void everyCallIsAnEventOfTheVersionAndArmThatAnswered() throws Exception {
        String model = Fixtures.model(ModelKind.ML, 2);
        String ep = endpoint(target(model, 1, json(v1.predictUrl(), Duration.ofSeconds(5), 1)), Capture.DEFAULT);
        deployments().route(ep, target(model, 2, json(v2.predictUrl(), Duration.ofSeconds(5), 1)),
                new Routing(Strategy.CANARY, 50, 0, null), "ro-" + ep, true);
        Instant from = Instant.now().minusSeconds(60);
        int canary = 0;
        List<GatewayResponse> answers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            GatewayResponse r = invoke(ep, "{\"age\":" + (30 + i) + ",\"plan\":\"pro\",\"tags\":[1,2],\"meta\":{\"a\":1}}");
            answers.add(r);
            if (r.arm().equals("canary")) canary++;
        }
        for (GatewayResponse r : answers) {
            EventRow e = Fixtures.event(r.requestId());
            assertEquals(model, e.model());
            assertEquals(r.version(), "models/" + model + "/" + e.version());
            assertEquals(r.arm(), e.arm());
            assertEquals(ep, e.endpoint());
            assertFalse(e.error());
            assertTrue(e.latencyMs() > 0 && e.latencyMs() < 5_000, "latency " + e.latencyMs());
            assertNull(e.inputTokens());
            JsonNode p = payload(e);
            assertEquals("proj-gw", p.get("project_id").asText());
            assertEquals("pro", p.get("features").get("plan").asText());
            assertTrue(p.get("features").get("age").isNumber());
            assertFalse(p.get("features").has("tags"), "nested values are not features");
            assertFalse(p.has("input"), "inputs are not captured by default");
            assertFalse(p.has("output"));
            assertEquals(0.5, p.get("y_pred").asDouble(), "the answer's prediction");
        }
        Instant to = Instant.now().plusSeconds(60);
        VersionSummary c = Fixtures.monitoring().summary(model, 2, ep, Arm.CANARY, from, to);
        VersionSummary s = Fixtures.monitoring().summary(model, 1, ep, Arm.STABLE, from, to);
        assertEquals(canary, c.count());
        assertEquals(60 - canary, s.count());
    }

    @Test
    void abArmsAreAAndB() throws Exception {
        String model = Fixtures.model(ModelKind.ML, 2);
        String ep = endpoint(target(model, 1, json(v1.predictUrl(), Duration.ofSeconds(5), 1)), Capture.DEFAULT);
        deployments().route(ep, target(model, 2, json(v2.predictUrl(), Duration.ofSeconds(5), 1)),
                new Routing(Strategy.AB, 50, 0, "header:x-user"), "ro-" + ep, true);
        boolean sawA = false, sawB = false;
        for (int u = 0; u < 40; u++) {
            GatewayResponse r = invoke(ep, "{}", Map.of("x-user", "u" + u));
            EventRow e = Fixtures.event(r.requestId());
            assertEquals(r.arm(), e.arm());
            assertEquals(e.arm().equals("a") ? 1 : 2, e.version());
            sawA |= e.arm().equals("a");
            sawB |= e.arm().equals("b");
        }
        assertTrue(sawA && sawB);
    }

    static Backend chat(ModelServer s, String servedModel) {
        return new Backend("openai-chat", s.openAiUrl(), Duration.ofSeconds(5), 1,
                servedModel == null ? Map.of() : Map.of("model", servedModel));
    }

    @Test
    void chatCallsCarryTokensAndCapturedTexts() throws Exception {
        String model = Fixtures.model(ModelKind.LLM, 1);
        llm.reply("Four.").usage(9L, 2L);
        String ep = endpoint(new Target(Fixtures.modelVersion(model, 1), chat(llm, "llama3"), null),
                new Capture(true, true, true));
        GatewayResponse r = Fixtures.gateway().chat(ep, Fixtures.body("{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"What is 2+2?\"}]}"), Map.of()).get(30, TimeUnit.SECONDS);
        assertEquals(200, r.status());
        assertEquals("Four.", Http.JSON.readTree(r.body()).at("/choices/0/message/content").asText());
        assertEquals("llama3", llm.last().json().get("model").asText());
        EventRow e = Fixtures.event(r.requestId());
        assertEquals(9L, e.inputTokens());
        assertEquals(2L, e.outputTokens());
        JsonNode p = payload(e);
        assertEquals("What is 2+2?", p.get("input").asText());
        assertEquals("Four.", p.get("output").asText());
        assertFalse(p.has("features"), "a chat body has no features");

        ValidationException v = assertInstanceOf(ValidationException.class, failure(Fixtures.gateway().chat(ep,
                Fixtures.body("{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), Map.of())));
        assertEquals("stream", v.field());
    }

    @Test
    void aPromptEndpointRendersItsTemplateAndCallsTheModel() throws Exception {
        String model = Fixtures.model(ModelKind.LLM, 1);
        String prompt = Fixtures.prompt("Write a {{tone}} reply to: {{ message }}", Map.of("temperature", 0.3, "max_tokens", 40),
                model);
        llm.reply("Hello there!").usage(12L, 3L);
        Target t = new Target(new VersionRef(AssetType.PROMPT, prompt, 1), chat(llm, "llama3"), Fixtures.modelVersion(model, 1));
        String ep = endpoint(t, new Capture(true, true, true));

        GatewayResponse r = invoke(ep, "{\"variables\":{\"tone\":\"friendly\",\"message\":\"hi\"}}");
        assertEquals(200, r.status());
        assertEquals("prompts/" + prompt + "/1", r.version());
        JsonNode sent = llm.last().json();
        assertEquals("llama3", sent.get("model").asText());
        assertEquals(0.3, sent.get("temperature").asDouble());
        assertEquals(40, sent.get("max_tokens").asInt());
        assertEquals(1, sent.get("messages").size());
        assertEquals("user", sent.at("/messages/0/role").asText());
        assertEquals("Write a friendly reply to: hi", sent.at("/messages/0/content").asText());
        EventRow e = Fixtures.event(r.requestId());
        assertEquals(model, e.model());
        assertEquals(1, e.version());
        assertEquals(12L, e.inputTokens());
        assertEquals(3L, e.outputTokens());
        JsonNode p = payload(e);
        assertEquals("prompts/" + prompt + "/1", p.get("prompt_version").asText());
        assertEquals("Write a friendly reply to: hi", p.get("input").asText());
        assertEquals("Hello there!", p.get("output").asText());
        assertEquals("friendly", p.at("/features/tone").asText());

        // Variables may also be the invoke body's top-level fields.
        assertEquals(200, invoke(ep, "{\"tone\":\"formal\",\"message\":\"yo\"}").status());
        assertEquals("Write a formal reply to: yo", llm.last().json().at("/messages/0/content").asText());

        long before = llm.count();
        ValidationException v = assertInstanceOf(ValidationException.class,
                failure(Fixtures.gateway().invoke(ep, Fixtures.body("{\"variables\":{\"tone\":\"x\"}}"), Map.of())));
        assertEquals("variables", v.field());
        assertTrue(v.getMessage().contains("message"), v.getMessage());
        assertEquals(before, llm.count(), "nothing is sent for a request the prompt cannot take");

        // Chat: the rendered prompt goes first as the system message; the version's parameters win.
        GatewayResponse c = Fixtures.gateway().chat(ep, Fixtures.body("{\"temperature\":0.9,\"variables\":{\"tone\":\"terse\","
                + "\"message\":\"n/a\"},\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+2?\"}]}"), Map.of())
                .get(30, TimeUnit.SECONDS);
        assertEquals(200, c.status());
        sent = llm.last().json();
        assertEquals(2, sent.get("messages").size());
        assertEquals("system", sent.at("/messages/0/role").asText());
        assertEquals("Write a terse reply to: n/a", sent.at("/messages/0/content").asText());
        assertEquals("What is 2+2?", sent.at("/messages/1/content").asText());
        assertEquals(0.3, sent.get("temperature").asDouble());
        assertFalse(sent.has("variables"), "the gateway's own field is not passed on");
    }

    @Test
    void aShadowPromptIsComparedByTextSimilarity() throws Exception {
        String model = Fixtures.model(ModelKind.LLM, 1);
        String p1 = Fixtures.prompt("Answer: {{q}}", Map.of(), model);
        llm.reply("The answer is four");
        llm2.reply("The answer is 4");
        String ep = endpoint(new Target(new VersionRef(AssetType.PROMPT, p1, 1), chat(llm, null), Fixtures.modelVersion(model, 1)),
                Capture.DEFAULT);
        String rollout = Fixtures.unique("ro");
        deployments().route(ep, new Target(new VersionRef(AssetType.PROMPT, p1, 1), chat(llm2, null),
                Fixtures.modelVersion(model, 1)), new Routing(Strategy.SHADOW, 0, 100, null), rollout, true);
        for (int i = 0; i < 10; i++) {
            GatewayResponse r = invoke(ep, "{\"q\":\"2+2\"}");
            assertEquals("stable", r.arm());
            assertTrue(Fixtures.text(r).contains("The answer is four"));
        }
        await(() -> Fixtures.comparisons(rollout).size() == 10, Duration.ofSeconds(10), "ten comparisons in the store");
        for (ShadowComparison c : Fixtures.comparisons(rollout)) {
            assertTrue(c.shadowOk());
            assertFalse(c.equal());
            assertEquals(0.75, c.similarity(), 1e-9, "3 of 4 tokens shared");
            assertTrue(c.stableLatencyMs() > 0 && c.shadowLatencyMs() > 0);
        }
        assertEquals(10, llm2.count());
    }
}
