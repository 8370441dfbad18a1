package org.aegisml.evaluation.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.BackendException;
import org.aegisml.api.deployment.InferenceBackend;
import org.aegisml.api.deployment.InferenceRequest;
import org.aegisml.api.deployment.InferenceResponse;
import org.aegisml.api.evaluation.Example;
import org.aegisml.api.evaluation.Prediction;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Calls a version once per example through its {@link InferenceBackend}, with at most
 * {@code concurrency} calls in flight (the calling thread waits for a permit; backends are
 * non-blocking, so no thread is held per call), a deadline per attempt, and up to
 * {@code retries} further attempts after a failure to connect, a timeout or a 5xx answer.
 * Latency covers every attempt of an example. A call that ends without a usable answer gives a
 * failed prediction with the reason; it never stops the others.
 */
final class Caller {
    /** What to send for one example, or an exception whose message is why the example cannot be sent. */
    interface Body {
        byte[] of(Example e);
    }

    private final InferenceBackend backend;
    private final Backend settings;
    private final InferenceRequest.Kind kind;
    private final int retries;
    private final Duration timeout;

    Caller(InferenceBackend backend, Backend settings, InferenceRequest.Kind kind, int retries, Duration timeout) {
        this.backend = backend;
        this.settings = settings;
        this.kind = kind;
        this.retries = retries;
        this.timeout = timeout;
    }

    List<Prediction> callAll(List<Example> examples, Body body, int concurrency) {
        Semaphore permits = new Semaphore(concurrency);
        List<CompletableFuture<Prediction>> all = new ArrayList<>(examples.size());
        for (Example e : examples) {
            byte[] b;
            try {
                b = body.of(e);
            } catch (RuntimeException x) {
                all.add(CompletableFuture.completedFuture(Prediction.failed(x.getMessage(), null)));
                continue;
            }
            permits.acquireUninterruptibly();
            CompletableFuture<Prediction> f = new CompletableFuture<>();
            f.whenComplete((p, x) -> permits.release());
            attempt(b, 0, System.nanoTime(), f);
            all.add(f);
        }
        List<Prediction> out = new ArrayList<>(examples.size());
        for (CompletableFuture<Prediction> f : all) out.add(f.join());
        return out;
    }

    private void attempt(byte[] body, int attempt, long started, CompletableFuture<Prediction> done) {
        CompletableFuture<InferenceResponse> call;
        try {
            call = backend.call(settings, new InferenceRequest(kind, body, Map.of(), Instant.now().plus(timeout)));
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        call.whenComplete((r, e) -> {
            boolean retryable = e != null ? retryable(e) : r.status() >= 500;
            if (retryable && attempt < retries) {
                attempt(body, attempt + 1, started, done);
                return;
            }
            double ms = (System.nanoTime() - started) / 1e6;
            try {
                done.complete(e != null ? Prediction.failed("the call failed: " + reason(e), ms) : prediction(r, ms));
            } catch (RuntimeException x) {
                done.complete(Prediction.failed("the answer could not be read: " + x.getMessage(), ms));
            }
        });
    }

    private static boolean retryable(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return !(c instanceof BackendException b) || b.connect() || b.timeout();
    }

    static String reason(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    /**
     * Reads an answer. Chat answers: the generated text and token counts. JSON answers: the
     * top-level {@code prediction} (else {@code output}), {@code probability} (a number, or the
     * second of two class probabilities), {@code cost} and {@code input_tokens}/{@code output_tokens}.
     */
    private Prediction prediction(InferenceResponse r, double ms) {
        if (r.status() >= 300) {
            String b = r.body() == null ? "" : new String(r.body(), StandardCharsets.UTF_8);
            return Prediction.failed("the backend answered HTTP " + r.status() + ": " + JudgeEvaluator.clip(b, 200), ms);
        }
        if (kind == InferenceRequest.Kind.CHAT) {
            if (r.outputText() == null) return Prediction.failed("the chat answer has no message content", ms);
            return new Prediction(r.outputText(), null, ms, r.inputTokens(), r.outputTokens(), null, null);
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(r.body());
        } catch (java.io.IOException e) {
            return Prediction.failed("the answer is not JSON", ms);
        }
        if (n == null || !n.isObject()) return Prediction.failed("the answer is not a JSON object", ms);
        JsonNode out = n.has("prediction") ? n.get("prediction") : n.get("output");
        if (out == null || out.isNull()) return Prediction.failed("the answer has no 'prediction' field", ms);
        Object value = out.isNumber() ? out.asDouble() : out.isTextual() ? out.asText() : Json.MAPPER.convertValue(out, Object.class);
        Double prob = null;
        JsonNode p = n.get("probability");
        if (p != null && p.isNumber()) prob = p.asDouble();
        else if (p != null && p.isArray() && p.size() == 2 && p.get(1).isNumber()) prob = p.get(1).asDouble();
        return new Prediction(value, prob, ms, longOf(n.get("input_tokens")), longOf(n.get("output_tokens")),
                n.path("cost").isNumber() ? n.get("cost").asDouble() : null, null);
    }

    private static Long longOf(JsonNode n) {
        return n != null && n.isNumber() ? n.asLong() : null;
    }

}
