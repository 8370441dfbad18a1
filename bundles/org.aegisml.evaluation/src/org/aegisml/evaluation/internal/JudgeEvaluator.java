package org.aegisml.evaluation.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import org.aegisml.api.ValidationException;
import org.aegisml.api.deployment.Backend;
import org.aegisml.api.deployment.InferenceBackend;
import org.aegisml.api.deployment.InferenceRequest;
import org.aegisml.api.deployment.InferenceResponse;
import org.aegisml.api.evaluation.Evaluator;
import org.aegisml.api.evaluation.ExampleScore;
import org.aegisml.api.evaluation.MetricResult;
import org.aegisml.api.evaluation.Observation;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * LLM-as-judge ({@code judge}): each answer is graded by an OpenAI-compatible model through the
 * {@code openai-chat} backend, with the spec's {@code rubric}. The judge is told to answer only
 * {@code {"score": <0..max_score>, "reasoning": "..."}}; the score is divided by
 * {@code max_score} (default 1) and the reasoning is stored beside it. An answer that is not
 * that JSON, a score out of range, or a failed call fails the example with the reason, never
 * the run. Options: {@code url} (the API base, required), {@code model}, {@code api_key},
 * {@code rubric} (required), {@code max_score}, {@code timeout_seconds} (default 60),
 * {@code concurrency} (default 8).
 */
@Component(service = Evaluator.class)
public final class JudgeEvaluator implements Evaluator {
    static final String TYPE = "openai-chat";
    private final Map<String, InferenceBackend> backends = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addBackend(InferenceBackend b) {
        backends.put(b.type(), b);
    }

    void removeBackend(InferenceBackend b) {
        backends.remove(b.type(), b);
    }

    @Override
    public Set<String> metrics() {
        return Set.of("judge");
    }

    @Override
    public MetricResult evaluate(String metric, List<Observation> obs, Map<String, Object> options) {
        String url = Values.option(options, "url", null);
        String rubric = Values.option(options, "rubric", null);
        if (url == null) throw new ValidationException("options.judge.url", "the judge needs url: an OpenAI-compatible API base");
        if (rubric == null || rubric.isBlank()) throw new ValidationException("options.judge.rubric", "the judge needs a rubric");
        InferenceBackend backend = backends.get(TYPE);
        if (backend == null) throw new IllegalStateException("no " + TYPE + " backend is installed for the judge");
        Map<String, String> o = new HashMap<>();
        if (options.get("model") != null) o.put("model", options.get("model").toString());
        if (options.get("api_key") != null) o.put("api_key", options.get("api_key").toString());
        Duration timeout = Duration.ofMillis((long) (Values.option(options, "timeout_seconds", 60) * 1000));
        Backend b = new Backend(TYPE, url, timeout, 1, o);
        double max = Values.option(options, "max_score", 1);
        Semaphore permits = new Semaphore((int) Math.max(1, Values.option(options, "concurrency", 8)));
        List<CompletableFuture<ExampleScore>> calls = new ArrayList<>(obs.size());
        for (Observation x : obs) {
            permits.acquireUninterruptibly();
            CompletableFuture<ExampleScore> f;
            try {
                f = backend.call(b, new InferenceRequest(InferenceRequest.Kind.CHAT, body(rubric, max, x), Map.of(),
                        Instant.now().plus(timeout))).handle((r, e) -> e != null
                                ? ExampleScore.failed("the judge call failed: " + Caller.reason(e))
                                : grade(r, max));
            } catch (RuntimeException e) {
                f = CompletableFuture.completedFuture(ExampleScore.failed("the judge call failed: " + e.getMessage()));
            }
            f.whenComplete((r, e) -> permits.release());
            calls.add(f);
        }
        List<ExampleScore> scores = new ArrayList<>(obs.size());
        for (CompletableFuture<ExampleScore> f : calls) scores.add(f.join());
        return MetricResult.mean(scores);
    }

    private static byte[] body(String rubric, double max, Observation x) {
        ObjectNode req = Json.MAPPER.createObjectNode();
        req.put("temperature", 0);
        ArrayNode messages = req.putArray("messages");
        messages.addObject().put("role", "system").put("content", rubric + "\n\nGrade the answer below. Reply with "
                + "only a JSON object {\"score\": <a number from 0 to " + fmt(max)
                + ">, \"reasoning\": \"<one short paragraph>\"} and nothing else.");
        StringBuilder user = new StringBuilder();
        user.append("Input:\n").append(SignalEvaluator.input(x)).append("\n\n");
        Object ref = x.example().expected().value();
        if (ref != null) user.append("Reference answer:\n").append(Values.text(ref)).append("\n\n");
        user.append("Answer to grade:\n").append(Values.text(x.prediction().output()));
        messages.addObject().put("role", "user").put("content", user.toString());
        return Json.write(req).getBytes(StandardCharsets.UTF_8);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** The judge's grade, or the reason its answer is unusable. */
    static ExampleScore grade(InferenceResponse r, double max) {
        if (r.status() >= 300) return ExampleScore.failed("the judge answered HTTP " + r.status());
        String text = r.outputText();
        if (text == null) return ExampleScore.failed("the judge's answer has no message content");
        int from = text.indexOf('{'), to = text.lastIndexOf('}');
        JsonNode n = null;
        if (from >= 0 && to > from) {
            try {
                n = Json.MAPPER.readTree(text.substring(from, to + 1));
            } catch (IOException e) {
                n = null;
            }
        }
        if (n == null || !n.path("score").isNumber()) {
            return ExampleScore.failed("the judge did not answer {\"score\": number, \"reasoning\": text}: "
                    + clip(text, 200));
        }
        double s = n.get("score").asDouble();
        if (!(s >= 0 && s <= max)) return ExampleScore.failed("the judge's score " + s + " is outside 0.." + fmt(max));
        String reasoning = n.path("reasoning").isTextual() ? n.get("reasoning").asText() : null;
        return ExampleScore.of(s / max, reasoning);
    }

    static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
