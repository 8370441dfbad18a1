package org.aegisml.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A model server on a free loopback port whose behaviour a test changes while it runs: the
 * share of requests answered 500, added latency, hanging (the request is accepted and never
 * answered), dropping the connection without an answer, and the answer itself. It speaks a
 * JSON {@code POST /predict} (any other path but the chat one answers like it) and an
 * OpenAI-compatible {@code POST /v1/chat/completions} with {@code usage}, and counts and keeps
 * what it received.
 * <p>
 * It runs on Jetty with non-blocking handling (latency is a timer, a hanging request holds no
 * thread), so it is also fast enough to stand in for a real backend in benchmarks: see
 * {@link #main}.
 * <p>
 * Default answers: {@code /predict} returns {@code {"prediction": 0.5, "server": LABEL}};
 * chat returns {@code "reply from LABEL"} as the assistant message, with
 * {@code prompt_tokens} = the words in the request's messages and {@code completion_tokens} =
 * the words in the reply.
 */
public final class ModelServer implements AutoCloseable {
    public static final String CHAT_PATH = "/v1/chat/completions";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How many received requests are kept for inspection (the oldest are forgotten). */
    private static final int KEEP = 2_000;

    /** One request as the server received it; header names are lower case. */
    public record Received(String method, String path, Map<String, String> headers, byte[] body, long atNanos) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final String label;
    private final Server jetty;
    private final ServerConnector connector;
    private final AtomicLong received = new AtomicLong();
    private final Map<String, AtomicLong> byPath = new ConcurrentHashMap<>();
    private final ArrayDeque<Received> kept = new ArrayDeque<>();
    private final List<Callback> hanging = new ArrayList<>();

    private volatile double errorRate;
    private volatile long latencyNanos;
    private volatile boolean hang;
    private volatile boolean drop;
    private volatile boolean keep = true;
    private volatile int status = 200;
    private volatile byte[] answer;
    private volatile String reply;
    private volatile Long promptTokens;
    private volatile Long completionTokens;

    private ModelServer(String label, int port, int threads) throws Exception {
        this.label = label;
        QueuedThreadPool pool = new QueuedThreadPool(threads, Math.min(4, threads));
        pool.setName("model-server-" + label);
        pool.setDaemon(true);
        jetty = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        connector.setIdleTimeout(120_000);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract(org.eclipse.jetty.util.thread.Invocable.InvocationType.NON_BLOCKING) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                ModelServer.this.handle(request, response, callback);
                return true;
            }
        });
        jetty.setStopTimeout(0);
        jetty.start();
        reset();
    }

    /** Starts a server labelled {@code label} on a free loopback port. */
    public static ModelServer start(String label) {
        return start(label, 0);
    }

    /** Starts a server on {@code port} (0: a free one). */
    public static ModelServer start(String label, int port) {
        try {
            return new ModelServer(label, port, 32);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the model server: " + e.getMessage(), e);
        }
    }

    /** A loopback port nothing listens on right now (for "connection refused"). */
    public static int unusedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String label() {
        return label;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT} */
    public String url() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
    }

    /** The URL of the JSON endpoint, for an {@code http-json} backend. */
    public String predictUrl() {
        return url() + "/predict";
    }

    /** The base URL of the OpenAI-compatible API, for an {@code openai-chat} backend. */
    public String openAiUrl() {
        return url() + "/v1";
    }

    // ---------------------------------------------------------------- behaviour

    /** Back to answering everything at once with the default answers; counters are kept. */
    public synchronized ModelServer reset() {
        errorRate = 0;
        latencyNanos = 0;
        drop = false;
        status = 200;
        answer = null;
        reply = null;
        promptTokens = null;
        completionTokens = null;
        hang(false);
        return this;
    }

    /** The share (0 to 1) of requests answered 500 {@code {"error": "injected"}}. */
    public ModelServer errorRate(double rate) {
        if (rate < 0 || rate > 1) throw new IllegalArgumentException("rate must be 0 to 1");
        errorRate = rate;
        return this;
    }

    /** Waits this long before answering (without holding a thread). */
    public ModelServer latency(Duration d) {
        latencyNanos = d.toNanos();
        return this;
    }

    /**
     * While on, requests are accepted and never answered. Turning it off answers none of the
     * held requests: they end when their client gives up or the server closes.
     */
    public synchronized ModelServer hang(boolean on) {
        hang = on;
        if (!on) hanging.clear();
        return this;
    }

    /** While on, every request's connection is closed without an answer (a crashing server). */
    public ModelServer dropConnections(boolean on) {
        drop = on;
        return this;
    }

    /** The status of successful answers (default 200); a test sets 404, 429... */
    public ModelServer status(int code) {
        status = code;
        return this;
    }

    /** The body {@code /predict} answers (JSON); null: the default. */
    public ModelServer answer(String json) {
        answer = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    /** The assistant message chat completions answer; null: the default. */
    public ModelServer reply(String text) {
        reply = text;
        return this;
    }

    /** Fixes the token counts chat completions report; null: counted from the words. */
    public ModelServer usage(Long prompt, Long completion) {
        promptTokens = prompt;
        completionTokens = completion;
        return this;
    }

    /** Whether received requests are kept for {@link #requests()} (off in benchmarks). */
    public ModelServer keepRequests(boolean on) {
        keep = on;
        return this;
    }

    // ---------------------------------------------------------------- what was received

    /** Connections open to this server now (keep-alive reuse shows as a small, steady number). */
    public int openConnections() {
        return connector.getConnectedEndPoints().size();
    }

    /** Requests received so far (including hanging and failed ones). */
    public long count() {
        return received.get();
    }

    /** Requests received so far on one path. */
    public long count(String path) {
        AtomicLong n = byPath.get(path);
        return n == null ? 0 : n.get();
    }

    /** The last {@value #KEEP} requests, oldest first. */
    public List<Received> requests() {
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    public Received last() {
        synchronized (kept) {
            if (kept.isEmpty()) throw new AssertionError("the model server " + label + " received nothing");
            return kept.peekLast();
        }
    }

    /** Forgets the kept requests and zeroes the counters. */
    public void clear() {
        synchronized (kept) {
            kept.clear();
        }
        received.set(0);
        byPath.clear();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- handling

    private void handle(Request request, Response response, Callback callback) {
        long at = System.nanoTime();
        String path = Request.getPathInContext(request);
        Content.Source.asByteArrayAsync(request, 16 * 1024 * 1024).whenComplete((body, failure) -> {
            if (failure != null) {
                callback.failed(failure);
                return;
            }
            received.incrementAndGet();
            byPath.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
            if (keep) {
                Map<String, String> headers = new TreeMap<>();
                for (HttpField f : request.getHeaders()) headers.put(f.getLowerCaseName(), f.getValue());
                synchronized (kept) {
                    if (kept.size() == KEEP) kept.pollFirst();
                    kept.addLast(new Received(request.getMethod(), path, headers, body, at));
                }
            }
            if (hang) {
                synchronized (this) {
                    if (hang) {
                        hanging.add(callback);
                        return;
                    }
                }
            }
            long delay = latencyNanos;
            if (delay > 0) {
                jetty.getScheduler().schedule(() -> answer(request, path, body, response, callback), delay,
                        TimeUnit.NANOSECONDS);
            } else {
                answer(request, path, body, response, callback);
            }
        });
    }

    private void answer(Request request, String path, byte[] body, Response response, Callback callback) {
        if (drop) {
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.failed(new IOException("connection dropped on purpose"));
            return;
        }
        double rate = errorRate;
        if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
            send(response, callback, 500, "{\"error\":\"injected\",\"server\":\"" + label + "\"}");
            return;
        }
        if (path.equals(CHAT_PATH)) {
            chat(body, response, callback);
            return;
        }
        byte[] a = answer;
        if (a == null) {
            send(response, callback, status, "{\"prediction\":0.5,\"server\":\"" + label + "\"}");
        } else {
            send(response, callback, status, a);
        }
    }

    private void chat(byte[] body, Response response, Callback callback) {
        JsonNode req;
        try {
            req = JSON.readTree(body);
        } catch (IOException e) {
            send(response, callback, 400, "{\"error\":{\"message\":\"malformed JSON\"}}");
            return;
        }
        if (req == null || !req.path("messages").isArray() || req.path("messages").isEmpty()) {
            send(response, callback, 400, "{\"error\":{\"message\":\"messages is required\"}}");
            return;
        }
        String text = reply == null ? "reply from " + label : reply;
        long words = 0;
        for (JsonNode m : req.path("messages")) words += words(m.path("content").asText(""));
        ObjectNode out = JSON.createObjectNode();
        out.put("id", "chatcmpl-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        out.put("object", "chat.completion");
        out.put("created", System.currentTimeMillis() / 1000);
        out.put("model", req.path("model").asText(label));
        ArrayNode choices = out.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message");
        msg.put("role", "assistant");
        msg.put("content", text);
        choice.put("finish_reason", "stop");
        ObjectNode usage = out.putObject("usage");
        long p = promptTokens == null ? words : promptTokens;
        long c = completionTokens == null ? words(text) : completionTokens;
        usage.put("prompt_tokens", p);
        usage.put("completion_tokens", c);
        usage.put("total_tokens", p + c);
        try {
            send(response, callback, status, JSON.writeValueAsBytes(out));
        } catch (IOException e) {
            callback.failed(e);
        }
    }

    private static long words(String s) {
        long n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            boolean w = !Character.isWhitespace(s.charAt(i));
            if (w && !in) n++;
            in = w;
        }
        return n;
    }

    private static void send(Response response, Callback callback, int status, String body) {
        send(response, callback, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Response response, Callback callback, int status, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * Runs a server outside OSGi, e.g. as the backend of a benchmark:
     * {@code java -cp <jetty jars>:<jackson jars>:<slf4j-api>:org.aegisml.testing.jar org.aegisml.testing.ModelServer PORT [LABEL]}.
     * Prints its URL and runs until killed; it keeps no requests.
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        ModelServer s = new ModelServer(args.length > 1 ? args[1] : "bench", port,
                Integer.getInteger("threads", 16));
        s.keepRequests(false);
        System.out.println(s.url());
        System.out.flush();
        Thread.currentThread().join();
    }
}
