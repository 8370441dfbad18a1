import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load generator for the AegisML REST API (run with `java LoadGen.java ...`, no build).
 * N clients each send requests back to back for a fixed time after a warm-up; latencies of the
 * measured window are kept whole and sorted, so the quantiles are exact, not estimated.
 *
 *   java LoadGen.java <base-url> <api-key> <scenario> [clients=50] [seconds=20] [warmup=5]
 *
 * Scenarios:
 *   versions  POST /api/v1/models/{m}/versions, multipart: metadata + a distinct 10 KiB artifact
 *   prompts   POST /api/v1/prompts/{p}/versions, JSON only (a metadata write)
 *   models    POST /api/v1/models, JSON only (a metadata write)
 *   get       GET a model or one of its versions, at random among 200 models x 5 versions
 */
public class LoadGen {
    record Result(long count, long errors, long[] nanos) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java LoadGen.java <base-url> <api-key> <versions|prompts|models|get> [clients] [seconds] [warmup]");
            System.exit(2);
        }
        String base = args[0].replaceAll("/$", "");
        String key = args[1];
        String scenario = args[2];
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String run = UUID.randomUUID().toString().substring(0, 8);

        List<String> models = new ArrayList<>();
        String prompt = "bench-prompt-" + run;
        switch (scenario) {
            case "versions" -> models.add(create(http, base, key, "models", "bench-" + run, "ml"));
            case "prompts" -> create(http, base, key, "prompts", prompt, null);
            case "get" -> {
                for (int i = 0; i < 200; i++) {
                    String m = create(http, base, key, "models", "bench-" + run + "-" + i, "ml");
                    for (int v = 0; v < 5; v++) send(http, versionRequest(base, key, m, new Random(i * 31L + v)), 201);
                    models.add(m);
                }
            }
            case "models" -> {
            }
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }

        AtomicLong seq = new AtomicLong();
        long warmEnd = System.nanoTime() + warmup * 1_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        List<long[]> perClient = new ArrayList<>();
        long[] counts = new long[clients];
        long[] errors = new long[clients];
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int id = c;
            long[] lat = new long[2_000_000];
            perClient.add(lat);
            Thread.ofPlatform().name("client-" + c).start(() -> {
                Random rnd = new Random(id);
                int n = 0;
                try {
                    while (true) {
                        long now = System.nanoTime();
                        if (now >= end) break;
                        HttpRequest req = switch (scenario) {
                            case "versions" -> versionRequest(base, key, models.get(0), rnd);
                            case "prompts" -> json(base + "/api/v1/prompts/" + prompt + "/versions", key,
                                    "{\"template\":\"Answer {{q}} #" + seq.incrementAndGet() + "\",\"commit_message\":\"bench\"}");
                            case "models" -> json(base + "/api/v1/models", key, "{\"name\":\"bench-" + run + "-"
                                    + seq.incrementAndGet() + "\",\"kind\":\"ml\",\"tags\":{\"bench\":\"yes\"}}");
                            default -> {
                                String m = models.get(rnd.nextInt(models.size()));
                                String path = rnd.nextBoolean() ? "/api/v1/models/" + m
                                        : "/api/v1/models/" + m + "/versions/" + (1 + rnd.nextInt(5));
                                yield HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key)
                                        .GET().build();
                            }
                        };
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                        } catch (Exception e) {
                            status = -1;
                        }
                        long t1 = System.nanoTime();
                        if (t0 >= warmEnd && t1 <= end) {
                            if (status / 100 != 2) errors[id]++;
                            if (n < lat.length) lat[n++] = t1 - t0;
                            counts[id]++;
                        }
                    }
                } finally {
                    perClient.set(id, Arrays.copyOf(lat, n));
                    done.countDown();
                }
            });
        }
        done.await();
        long total = Arrays.stream(counts).sum();
        long errs = Arrays.stream(errors).sum();
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(Locale.ROOT, "scenario=%s clients=%d seconds=%d requests=%d errors=%d throughput=%.0f/s "
                + "p50=%.2fms p95=%.2fms p99=%.2fms max=%.2fms%n", scenario, clients, seconds, total, errs,
                total / (double) seconds, q(all, 0.50), q(all, 0.95), q(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6);
        if (errs > 0) System.exit(1);
    }

    static double q(long[] sorted, double q) {
        if (sorted.length == 0) return 0;
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    static String create(HttpClient http, String base, String key, String collection, String name, String kind)
            throws Exception {
        String body = "{\"name\":\"" + name + "\"" + (kind == null ? "" : ",\"kind\":\"" + kind + "\"") + "}";
        send(http, json(base + "/api/v1/" + collection, key, body), 201);
        return name;
    }

    static HttpRequest json(String url, String key, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** A new version with its own random 10 KiB artifact, so every write stores a new blob. */
    static HttpRequest versionRequest(String base, String key, String model, Random rnd) {
        byte[] artifact = new byte[10 * 1024];
        rnd.nextBytes(artifact);
        String boundary = "b" + Long.toHexString(rnd.nextLong());
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"framework\":\"sklearn\",\"format\":\"pickle\","
                + "\"metrics\":{\"auc\":0.9}}\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"artifact\"; "
                + "filename=\"model.pkl\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + artifact.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(artifact, 0, body, head.length, artifact.length);
        System.arraycopy(tail, 0, body, head.length + artifact.length, tail.length);
        return HttpRequest.newBuilder(URI.create(base + "/api/v1/models/" + model + "/versions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    static void send(HttpClient http, HttpRequest req, int expected) throws Exception {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) throw new IllegalStateException(req.uri() + " -> " + r.statusCode() + " " + r.body());
    }
}
