package org.aegisml.backends.internal;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.InferenceBackend;
import org.aegisml.api.deployment.InferenceRequest;
import org.aegisml.api.deployment.InferenceResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code openai-chat}: an OpenAI-compatible chat-completions server (OpenAI, Ollama, vLLM,
 * llama.cpp...). {@code url} is the API's base, e.g. {@code http://host:11434/v1}; calls go to
 * {@code {url}/chat/completions}. Options: {@code model} sets the request's {@code model}
 * (the served model's name), {@code api_key} is sent as {@code Authorization: Bearer},
 * {@code header.<Name>} adds a header.
 * <p>
 * A {@link InferenceRequest.Kind#CHAT} body is an OpenAI request and is forwarded as it is
 * (with the model set). An {@link InferenceRequest.Kind#INVOKE} body is {@code {"input": "text"}}
 * (one user message) or {@code {"messages": [...]}}, other fields (temperature...) passed on.
 * Streaming ({@code "stream": true}) is refused with a 400: the gateway answers whole bodies
 * and records the whole output, and pretending to stream a buffered answer would only hide
 * the latency a streaming client asked to avoid.
 * <p>
 * The answer's {@code usage.prompt_tokens}, {@code usage.completion_tokens} and
 * {@code choices[0].message.content} become the response's tokens and output text.
 */
@Component(service = InferenceBackend.class, property = "type=" + OpenAiChatBackend.TYPE)
public final class OpenAiChatBackend implements InferenceBackend {
    static final String TYPE = "openai-chat";
    static final String MODEL = "model";
    static final String API_KEY = "api_key";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpTransport http;

    @Activate
    public OpenAiChatBackend(@Reference HttpTransport http) {
        this.http = http;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public void validate(Backend backend) {
        Settings.validate(backend, Set.of(MODEL, API_KEY));
        if (backend.url().contains("?")) {
            throw new ValidationException("backend.url", "backend.url is the API's base URL (e.g. http://host:11434/v1), without a query");
        }
        if (backend.url().endsWith("/chat/completions") || backend.url().endsWith("/chat/completions/")) {
            throw new ValidationException("backend.url",
                    "backend.url is the API's base URL (e.g. http://host:11434/v1); /chat/completions is added by the gateway");
        }
    }

    @Override
    public CompletableFuture<InferenceResponse> call(Backend backend, InferenceRequest request) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(chatRequest(backend, request));
        } catch (ValidationException e) {
            return CompletableFuture.failedFuture(e);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new ValidationException(null, "the body is not valid JSON: " + e.getMessage()));
        }
        String key = backend.options().get(API_KEY);
        Map<String, String> auth = key == null || key.isBlank() ? Map.of() : Map.of("Authorization", "Bearer " + key);
        return http.post(endpoint(backend), Settings.headers(backend, request.headers(), auth), body, request.deadline())
                .thenApply(OpenAiChatBackend::response);
    }

    @Override
    public CompletableFuture<Boolean> probe(Backend backend) {
        return http.probe(base(backend) + "/models", HttpJsonBackend.min(backend.timeout(), HttpJsonBackend.PROBE_TIMEOUT));
    }

    static String base(Backend b) {
        String u = b.url();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    static String endpoint(Backend b) {
        return base(b) + "/chat/completions";
    }

    /** The OpenAI request to send: the client's (CHAT) or one built from an invoke body. */
    static ObjectNode chatRequest(Backend backend, InferenceRequest request) throws IOException {
        JsonNode in = request.body() == null || request.body().length == 0 ? null : JSON.readTree(request.body());
        if (!(in instanceof ObjectNode body)) throw new ValidationException(null, "the body must be a JSON object");
        if (body.path("stream").asBoolean(false)) {
            throw new ValidationException("stream", "streaming (\"stream\": true) is not supported by the AegisML gateway; "
                    + "send \"stream\": false or leave it out");
        }
        if (request.kind() == InferenceRequest.Kind.INVOKE) {
            JsonNode input = body.remove("input");
            if (input != null) {
                if (body.has("messages")) throw new ValidationException("input", "send either input or messages, not both");
                if (!input.isTextual()) throw new ValidationException("input", "input must be a string");
                ObjectNode m = body.putArray("messages").addObject();
                m.put("role", "user");
                m.put("content", input.asText());
            }
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new ValidationException("messages", request.kind() == InferenceRequest.Kind.INVOKE
                    ? "send {\"input\": \"text\"} or {\"messages\": [{\"role\": \"user\", \"content\": \"...\"}]}"
                    : "messages must be a non-empty array");
        }
        String model = backend.options().get(MODEL);
        if (model != null && !model.isBlank()) body.put("model", model);
        return body;
    }

    /** Reads tokens and the output text from a successful JSON answer; other answers pass as they are. */
    static InferenceResponse response(HttpTransport.Answer a) {
        Long in = null, out = null;
        String text = null;
        if (a.status() >= 200 && a.status() < 300 && a.body().length > 0) {
            try {
                JsonNode r = JSON.readTree(a.body());
                JsonNode usage = r.path("usage");
                if (usage.path("prompt_tokens").isIntegralNumber()) in = usage.get("prompt_tokens").asLong();
                if (usage.path("completion_tokens").isIntegralNumber()) out = usage.get("completion_tokens").asLong();
                JsonNode content = r.path("choices").path(0).path("message").path("content");
                if (content.isTextual()) text = content.asText();
            } catch (IOException e) {
                // Not JSON after all: the client still gets the body as it came, without tokens.
            }
        }
        return new InferenceResponse(a.status(), a.body(), a.contentType(), in, out, text);
    }
}
