package org.aegisml.backends.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.InferenceBackend;
import org.aegisml.api.deployment.InferenceRequest;
import org.aegisml.api.deployment.InferenceRequest.Kind;
import org.aegisml.api.deployment.InferenceResponse;
import org.aegisml.testing.ModelServer;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The openai-chat backend against the model server's OpenAI-compatible endpoint. */
class OpenAiChatBackendTest {
    static ModelServer server;
    static InferenceBackend backend;

    @BeforeAll
    static void start() {
        server = ModelServer.start("llm");
        backend = TestRuntime.service(InferenceBackend.class, "(type=openai-chat)");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
        server.clear();
    }

    Backend chat(Map<String, String> options) {
        return new Backend("openai-chat", server.openAiUrl(), Duration.ofSeconds(5), 0, options);
    }

    static InferenceRequest request(Kind kind, String json) {
        return new InferenceRequest(kind, json.getBytes(StandardCharsets.UTF_8), Map.of(), Instant.now().plusSeconds(5));
    }

    static InferenceResponse call(InferenceBackend b, Backend backend, InferenceRequest r) throws Exception {
        return b.call(backend, r).get(10, TimeUnit.SECONDS);
    }

    @Test
    void chatIsForwardedWithTheModelAndKeyAndTheUsageIsRead() throws Exception {
        server.reply("Paris is the capital.").usage(12L, 5L);
        InferenceResponse r = call(backend, chat(Map.of("model", "llama3:8b", "api_key", "sk-test", "header.X-Org", "acme")),
                request(Kind.CHAT, "{\"model\":\"whatever\",\"temperature\":0.2,\"messages\":[{\"role\":\"user\",\"content\":\"capital of France?\"}]}"));
        assertEquals(200, r.status());
        assertEquals(12L, r.inputTokens());
        assertEquals(5L, r.outputTokens());
        assertEquals("Paris is the capital.", r.outputText());
        JsonNode answer = org.aegisml.testing.Http.JSON.readTree(r.body());
        assertEquals("chat.completion", answer.get("object").asText());
        ModelServer.Received got = server.last();
        assertEquals("/v1/chat/completions", got.path());
        assertEquals("Bearer sk-test", got.header("authorization"));
        assertEquals("acme", got.header("x-org"));
        JsonNode sent = got.json();
        assertEquals("llama3:8b", sent.get("model").asText(), "the option overrides the client's model");
        assertEquals(0.2, sent.get("temperature").asDouble(), "the client's parameters pass through");
        assertEquals("capital of France?", sent.get("messages").get(0).get("content").asText());
    }

    @Test
    void invokeTakesInputOrMessages() throws Exception {
        InferenceResponse r = call(backend, chat(Map.of("model", "m")), request(Kind.INVOKE, "{\"input\":\"hello there\"}"));
        assertEquals(200, r.status());
        JsonNode sent = server.last().json();
        assertEquals("user", sent.get("messages").get(0).get("role").asText());
        assertEquals("hello there", sent.get("messages").get(0).get("content").asText());
        assertFalse(sent.has("input"));
        assertEquals(2L, r.inputTokens(), "the server counted the two words it was sent");
        assertEquals("reply from llm", r.outputText());

        r = call(backend, chat(Map.of()), request(Kind.INVOKE,
                "{\"max_tokens\":7,\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertEquals(200, r.status());
        sent = server.last().json();
        assertEquals(2, sent.get("messages").size());
        assertEquals(7, sent.get("max_tokens").asInt());
        assertFalse(sent.has("model"), "no model option: the client's (absent) model is left alone");
    }

    @Test
    void badBodiesAndStreamingAreRefusedBeforeCallingTheServer() throws Exception {
        for (String bad : new String[] { "{}", "[1,2]", "{\"input\": 5}", "not json", "{\"messages\": []}",
                "{\"input\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}" }) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> backend.call(chat(Map.of()), request(Kind.INVOKE, bad)).get(10, TimeUnit.SECONDS), bad);
            assertInstanceOf(ValidationException.class, e.getCause(), bad);
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> backend.call(chat(Map.of()),
                request(Kind.CHAT, "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"b\"}]}")).get(10,
                        TimeUnit.SECONDS));
        ValidationException v = assertInstanceOf(ValidationException.class, e.getCause());
        assertEquals("stream", v.field());
        assertEquals(0, server.count(), "nothing reached the server");
    }

    @Test
    void errorsPassThroughWithoutTokens() throws Exception {
        server.errorRate(1);
        InferenceResponse r = call(backend, chat(Map.of()), request(Kind.CHAT,
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        assertEquals(500, r.status());
        assertNull(r.inputTokens());
        assertNull(r.outputText());
    }

    @Test
    void probeAsksTheModelsListAndAnyAnswerCounts() throws Exception {
        assertTrue(backend.probe(chat(Map.of())).get(10, TimeUnit.SECONDS));
        assertEquals(1, server.count("/v1/models"));
        assertFalse(backend.probe(new Backend("openai-chat", "http://127.0.0.1:" + ModelServer.unusedPort() + "/v1", null, 0,
                Map.of())).get(10, TimeUnit.SECONDS));
    }

    @Test
    void validationWantsTheBaseUrlAndKnownOptions() {
        assertEquals("backend.url", assertThrows(ValidationException.class, () -> backend.validate(
                new Backend("openai-chat", "http://h:11434/v1/chat/completions", null, 0, Map.of()))).field());
        assertEquals("backend.options.modle", assertThrows(ValidationException.class, () -> backend.validate(
                new Backend("openai-chat", "http://h:11434/v1", null, 0, Map.of("modle", "x")))).field());
        backend.validate(new Backend("openai-chat", "http://h:11434/v1", null, 0, Map.of("model", "llama3", "api_key", "k")));
    }
}
