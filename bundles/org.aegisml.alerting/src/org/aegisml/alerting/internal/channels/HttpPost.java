package org.aegisml.alerting.internal.channels;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A JSON POST that succeeds only on a 2xx answer; anything else is an exception that says what came back. */
final class HttpPost implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** One client per channel: it pools connections and owns a selector thread. */
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    void post(URI url, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8").header("User-Agent", "AegisML-Alerts/1");
        headers.forEach(b::header);
        HttpResponse<String> r = client.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            String text = r.body() == null ? "" : r.body().strip();
            if (text.length() > 200) text = text.substring(0, 200) + "…";
            throw new IOException("HTTP " + r.statusCode() + " from " + url.getScheme() + "://" + url.getAuthority()
                    + (text.isEmpty() ? "" : ": " + text));
        }
    }

    /** Stops the client's selector thread; a channel calls it when its component goes away. */
    @Override
    public void close() {
        client.shutdownNow();
    }
}
