package org.aegisml.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.aegisml.server.internal.http.Route;
import org.aegisml.testing.Http;
import org.aegisml.testing.TestRuntime;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class OpenApiAndMetricsTest {

    @Test
    void theOpenApiDocumentDescribesExactlyTheRoutesTheServerServes() throws Exception {
        Http http = Fixtures.server();
        JsonNode doc = http.get("/api/v1/openapi.json").json();
        assertTrue(doc.get("openapi").asText().startsWith("3."));
        Set<String> documented = new HashSet<>();
        doc.get("paths").properties().forEach(p -> p.getValue().fieldNames()
                .forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
        Set<String> served = new HashSet<>();
        for (Route r : TestRuntime.service(ApiServer.class).router().routes()) served.add(r.method() + " " + r.template());
        assertEquals(served, documented, "regenerate with releng/openapi/generate.py");
        // Every documented operation names its error responses.
        doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> assertTrue(
                op.getValue().get("responses").size() >= 1, p.getKey())));
    }

    @Test
    void metricsCountRequestsByRouteAndStatusWithLatencyAndJvmMemory() throws Exception {
        Http http = Fixtures.server();
        http.get("/api/v1/models/does-not-exist-" + System.nanoTime());
        String text = http.as(null).get("/metrics").text();
        assertTrue(text.contains("aegisml_http_requests_total{method=\"GET\",route=\"/api/v1/models/{name}\",status=\"404\"}"),
                text);
        assertTrue(text.contains("# TYPE aegisml_http_request_duration_seconds histogram"));
        assertTrue(text.contains("aegisml_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/models/{name}\",le=\"+Inf\"}"));
        assertTrue(text.contains("jvm_memory_used_bytes{area=\"heap\"}"));
        assertEquals("text/plain; version=0.0.4; charset=utf-8", http.as(null).get("/metrics").header("Content-Type"));
    }
}
