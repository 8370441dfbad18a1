package org.aegisml.provider.azure.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import org.aegisml.api.AegisException;
import org.aegisml.api.ConflictException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;

import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.identity.CredentialUnavailableException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Azure Resource Manager over REST: azure-core's pipeline with a bearer token from the credential
 * chain (scope {@code <managementEndpoint>/.default}), retries of throttling and server errors,
 * ARM's error body mapped onto AegisML's exceptions, and long-running operations followed through
 * their {@code Azure-AsyncOperation} or {@code Location} header, never past the management host
 * (the token is not sent anywhere else).
 */
final class Arm {
    static final HttpHeaderName ASYNC_OPERATION = HttpHeaderName.fromString("Azure-AsyncOperation");
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpPipeline pipeline;
    private final String base;
    private final String host;
    private final Duration poll;
    private final Duration operationTimeout;

    /** A reply: status, parsed body (null when empty or not JSON) and the headers that matter. */
    record Reply(int status, JsonNode body, String asyncOperation, String location, String retryAfter) {
    }

    Arm(HttpClient http, TokenCredential credential, String managementEndpoint, Duration poll, Duration operationTimeout) {
        this.base = Azure.trimSlash(managementEndpoint);
        URI u = URI.create(base);
        if (u.getHost() == null) throw new IllegalArgumentException("managementEndpoint is not a URL: " + managementEndpoint);
        this.host = u.getScheme() + "://" + u.getAuthority();
        this.poll = poll;
        this.operationTimeout = operationTimeout;
        RetryOptions retry = new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(3)
                .setBaseDelay(Duration.ofMillis(500)).setMaxDelay(Duration.ofSeconds(8)));
        this.pipeline = new HttpPipelineBuilder().httpClient(http)
                .policies(new UserAgentPolicy("aegisml-provider-azure"), new RetryPolicy(retry),
                        new BearerTokenAuthenticationPolicy(credential, base + "/.default"))
                .build();
    }

    String base() {
        return base;
    }

    /** GET; null on 404. */
    JsonNode get(String path, String apiVersion) {
        Reply r = send(HttpMethod.GET, url(path, apiVersion), null);
        if (r.status() == 404) return null;
        check(r, "GET " + path);
        return r.body();
    }

    /** PUT, PATCH, POST or DELETE; throws for an error status, returns the reply otherwise (404 included for DELETE). */
    Reply call(HttpMethod method, String path, String apiVersion, JsonNode body) {
        Reply r = send(method, url(path, apiVersion), body);
        if (method == HttpMethod.DELETE && r.status() == 404) return r;
        check(r, method + " " + path);
        return r;
    }

    /** POST to an absolute URL ARM handed out (a query's {@code nextLink}). */
    Reply postAbsolute(String url, JsonNode body) {
        Reply r = send(HttpMethod.POST, sameHost(url), body);
        check(r, "POST " + url);
        return r;
    }

    /**
     * Follows a long-running operation to its end, or for at most the operation timeout.
     * Returns true when it finished (successfully), false when it is still running; a failed or
     * canceled operation throws.
     */
    boolean await(Reply started, String what) {
        if (started.status() != 201 && started.status() != 202) return true;
        String op = started.asyncOperation();
        String loc = started.location();
        if (op == null && loc == null) return true;
        long deadline = System.nanoTime() + operationTimeout.toNanos();
        String retryAfter = started.retryAfter();
        while (true) {
            sleep(delay(retryAfter));
            Reply p = send(HttpMethod.GET, sameHost(op != null ? op : loc), null);
            retryAfter = p.retryAfter();
            if (op != null) {
                check(p, what + ": operation status");
                String status = p.body() == null ? "" : p.body().path("status").asText("");
                switch (status.toLowerCase(Locale.ROOT)) {
                case "succeeded":
                    return true;
                case "failed", "canceled", "cancelled":
                    JsonNode e = p.body().path("error");
                    throw new ValidationException("backend", "Azure " + what + " ended " + status
                            + (e.isMissingNode() ? "" : ": " + e.path("code").asText("") + " " + e.path("message").asText("")));
                default:
                    break;
                }
            } else {
                if (p.status() == 404 || p.status() == 200 || p.status() == 204) return true;
                if (p.status() != 202) check(p, what + ": operation status");
            }
            if (System.nanoTime() > deadline) return false;
        }
    }

    private Duration delay(String retryAfter) {
        if (retryAfter != null) {
            try {
                long s = Long.parseLong(retryAfter.strip());
                if (s >= 0) return Duration.ofSeconds(Math.min(s, 60));
            } catch (NumberFormatException e) {
                // An HTTP date: fall back to the configured interval.
            }
        }
        return poll;
    }

    private static void sleep(Duration d) {
        if (d.isZero()) return;
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for Azure");
        }
    }

    private String url(String path, String apiVersion) {
        return base + path + (path.contains("?") ? "&" : "?") + "api-version=" + apiVersion;
    }

    /** ARM hands out absolute URLs; the bearer token only ever goes to the management host. */
    private String sameHost(String url) {
        URI u = URI.create(url);
        if (!host.equalsIgnoreCase(u.getScheme() + "://" + u.getAuthority())) {
            throw new UnavailableException("Azure answered with a URL on another host (" + u.getAuthority()
                    + ") than the management endpoint; not following it");
        }
        return url;
    }

    private Reply send(HttpMethod method, String url, JsonNode body) {
        HttpRequest req = new HttpRequest(method, url);
        req.setHeader(HttpHeaderName.ACCEPT, "application/json");
        if (body != null) {
            req.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
            try {
                req.setBody(BinaryData.fromBytes(JSON.writeValueAsBytes(body)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (HttpResponse r = pipeline.sendSync(req, Context.NONE)) {
            byte[] bytes = r.getBodyAsBinaryData().toBytes();
            JsonNode json = null;
            if (bytes != null && bytes.length > 0) {
                try {
                    json = JSON.readTree(bytes);
                } catch (IOException e) {
                    json = null;
                }
            }
            return new Reply(r.getStatusCode(), json, r.getHeaderValue(ASYNC_OPERATION),
                    r.getHeaderValue(HttpHeaderName.LOCATION), r.getHeaderValue(HttpHeaderName.RETRY_AFTER));
        } catch (AegisException e) {
            throw e;
        } catch (CredentialUnavailableException e) {
            throw new UnavailableException("credentials", "no Azure credential found (" + Azure.CHAIN + "): "
                    + firstLine(e.getMessage()), e);
        } catch (ClientAuthenticationException e) {
            throw new UnavailableException("credentials", "Microsoft Entra ID refused the credential: "
                    + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new UnavailableException(null, "Azure Resource Manager at " + host + " cannot be reached: "
                    + firstLine(String.valueOf(e.getMessage())), e);
        }
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        String l = nl < 0 ? s : s.substring(0, nl);
        return l.length() > 400 ? l.substring(0, 400) + "..." : l;
    }

    /** Maps an ARM error reply onto AegisML's exceptions; 2xx passes. */
    static void check(Reply r, String what) {
        int s = r.status();
        if (s >= 200 && s < 300) return;
        String code = "";
        String message = "";
        if (r.body() != null) {
            JsonNode e = r.body().path("error");
            code = e.path("code").asText("");
            message = e.path("message").asText("");
        }
        String text = "Azure " + what + " answered " + s + (code.isEmpty() ? "" : " " + code)
                + (message.isEmpty() ? "" : ": " + firstLine(message));
        if (s == 404) throw new NotFoundException(text);
        if (s == 409) throw new ConflictException(text);
        if (s == 400 || s == 422) throw new ValidationException("backend", text);
        if (s == 401 || s == 403) throw new UnavailableException("credentials", text);
        throw new UnavailableException(text);
    }
}
