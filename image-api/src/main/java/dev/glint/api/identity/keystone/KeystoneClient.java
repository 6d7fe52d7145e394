package dev.glint.api.identity.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.api.identity.Caller;
import dev.glint.api.identity.Scope;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The two Keystone v3 calls image-api makes: {@code POST /v3/auth/tokens} for its own token and
 * {@code GET /v3/auth/tokens} to validate a caller's. Non-blocking (Vert.x), so a slow Keystone
 * ties up no thread, and without keep-alive ({@code Connection: close}), because Keystone served by
 * uwsgi's http-socket closes every connection after one response. A call that gets no answer in
 * time, cannot connect or gets a 5xx is tried again a few times, as keystonemiddleware does.
 */
final class KeystoneClient {

    /** The service token and when, by this machine's clock, it expires. */
    record ServiceToken(String token, Instant issuedAt, Instant expiresAt) {
    }

    /** The answer to a validation: the identity, or why there is none. */
    sealed interface Validation {
        record Valid(KeystoneIdentity identity) implements Validation {
        }

        /** Keystone says the token is not valid (404): unknown, expired or revoked. */
        record Invalid() implements Validation {
        }

        /** Keystone refused image-api's own token (401): it must get a new one. */
        record ServiceTokenRefused() implements Validation {
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(KeystoneClient.class);

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final KeystoneConfig config;
    private final KeystoneMetrics metrics;

    KeystoneClient(Vertx vertx, KeystoneConfig config, KeystoneMetrics metrics) {
        this.metrics = metrics;
        String url = config.url().orElseThrow(() -> new IllegalStateException(
                "glint.auth.mode=keystone needs glint.auth.keystone.url"));
        String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.base = URI.create(trimmed.endsWith("/v3") ? trimmed : trimmed + "/v3");
        this.timeout = config.timeout();
        this.config = config;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(false)
                .setMaxPoolSize(Math.max(1, config.maxConnections()))
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
    }

    URI base() {
        return base;
    }

    Uni<ServiceToken> issue() {
        Map<String, Object> body = Map.of("auth", Map.of(
                "identity", Map.of("methods", List.of("password"), "password", Map.of("user", Map.of(
                        "name", config.username().orElseThrow(() -> missing("username")),
                        "domain", Map.of("name", config.userDomainName()),
                        "password", config.password().orElseThrow(() -> missing("password"))))),
                "scope", Map.of("project", Map.of(
                        "name", config.projectName(),
                        "domain", Map.of("name", config.projectDomainName())))));
        Instant asked = Instant.now();
        return call("issue", HttpMethod.POST, Map.of("Content-Type", "application/json"), Buffer.buffer(write(body)))
                .map(reply -> {
                    if (reply.status() == 401) {
                        throw new KeystoneUnavailableException("Keystone refused image-api's own credentials (user "
                                + config.username().orElse("") + " in project " + config.projectName()
                                + "); check glint.auth.keystone.*");
                    }
                    if (reply.status() != 201) {
                        throw new KeystoneUnavailableException("Keystone answered HTTP " + reply.status()
                                + " when image-api asked for its own token");
                    }
                    String token = reply.subjectToken();
                    JsonNode parsed = reply.json().path("token");
                    Instant issued = instant(parsed.path("issued_at").asText(null), asked);
                    Instant expires = instant(parsed.path("expires_at").asText(null), asked.plusSeconds(300));
                    // Keystone's clock may differ from ours: keep the lifetime, count it from our asking time.
                    Instant localExpiry = asked.plus(Duration.between(issued, expires));
                    if (token == null) {
                        throw new KeystoneUnavailableException("Keystone issued a token without X-Subject-Token");
                    }
                    return new ServiceToken(token, asked, localExpiry);
                });
    }

    Uni<Validation> validate(String serviceToken, String userToken) {
        return call("validate", HttpMethod.GET, Map.of("X-Auth-Token", serviceToken, "X-Subject-Token", userToken), null)
                .map(reply -> switch (reply.status()) {
                    case 200 -> new Validation.Valid(identity(reply.json().path("token")));
                    case 404 -> new Validation.Invalid();
                    // 400: not a well-formed token at all; the caller's mistake, not image-api's.
                    case 400 -> new Validation.Invalid();
                    case 401 -> new Validation.ServiceTokenRefused();
                    default -> throw new KeystoneUnavailableException("Keystone answered HTTP " + reply.status()
                            + " to a token validation");
                });
    }

    private record Reply(int status, String subjectToken, JsonNode json) {
    }

    /**
     * One call, tried again ({@code retries}, with a doubling delay) while Keystone cannot be
     * reached, does not answer within {@code timeout}, or answers 5xx; each try is timed.
     */
    private Uni<Reply> call(String name, HttpMethod method, Map<String, String> headers, Buffer body) {
        Uni<Reply> once = Uni.createFrom().deferred(() -> attempt(name, method, headers, body));
        if (config.retries() <= 0) {
            return once;
        }
        return once.onFailure(failure -> failure instanceof KeystoneUnavailableException unavailable
                        && unavailable.retryable())
                .retry().withBackOff(config.retryDelay(), config.retryDelay().multipliedBy(8)).withJitter(0.2)
                .atMost(config.retries());
    }

    private Uni<Reply> attempt(String name, HttpMethod method, Map<String, String> headers, Buffer body) {
        RequestOptions options = new RequestOptions().setMethod(method)
                .setAbsoluteURI(base + "/auth/tokens")
                .setIdleTimeout(timeout.toMillis())
                .addHeader("Accept", "application/json")
                .addHeader("Connection", "close");
        headers.forEach(options::addHeader);
        long started = System.nanoTime();
        return http.request(options)
                .flatMap(request -> body == null ? request.send() : request.send(body))
                .flatMap(response -> response.body().map(buffer -> reply(response, buffer)))
                .ifNoItem().after(timeout).failWith(() -> new KeystoneUnavailableException(
                        "Keystone at " + base + " did not answer within " + timeout.toMillis() + " ms", "timeout",
                        true, null))
                .onFailure(failure -> !(failure instanceof KeystoneUnavailableException))
                .transform(failure -> new KeystoneUnavailableException("Keystone at " + base + " could not be reached: "
                        + failure.getMessage(), "unreachable", true, failure))
                .map(reply -> {
                    if (reply.status() >= 500) {
                        throw new KeystoneUnavailableException("Keystone answered HTTP " + reply.status() + " to "
                                + name, "http_5xx", true, null);
                    }
                    return reply;
                })
                .invoke(reply -> metrics.call(name, outcome(reply.status()), Duration.ofNanos(System.nanoTime() - started)))
                .onFailure(KeystoneUnavailableException.class).invoke(failure -> {
                    String reason = ((KeystoneUnavailableException) failure).reason();
                    metrics.call(name, reason, Duration.ofNanos(System.nanoTime() - started));
                    metrics.failure(name, reason);
                    LOG.debugf("Keystone %s failed after %d ms: %s", name,
                            (System.nanoTime() - started) / 1_000_000, failure.getMessage());
                });
    }

    private static String outcome(int status) {
        return switch (status) {
            case 200, 201 -> "valid";
            case 400, 404 -> "invalid";
            case 401 -> "unauthorized";
            default -> "http_" + status;
        };
    }

    private static Reply reply(HttpClientResponse response, Buffer buffer) {
        JsonNode json;
        try {
            json = buffer.length() == 0 ? JSON.createObjectNode() : JSON.readTree(buffer.getBytes());
        } catch (IOException e) {
            json = JSON.createObjectNode();
        }
        return new Reply(response.statusCode(), response.getHeader("X-Subject-Token"), json);
    }

    private static KeystoneIdentity identity(JsonNode token) {
        String project = text(token.path("project").path("id"));
        String user = text(token.path("user").path("id"));
        Set<String> roles = new LinkedHashSet<>();
        for (JsonNode role : token.path("roles")) {
            String name = text(role.path("name"));
            if (name != null) {
                roles.add(name.toLowerCase(Locale.ROOT));
            }
        }
        List<Map<String, Object>> catalog = new ArrayList<>();
        for (JsonNode service : token.path("catalog")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> entry = JSON.convertValue(service, Map.class);
            catalog.add(entry);
        }
        Instant expires = instant(text(token.path("expires_at")), Instant.now());
        return new KeystoneIdentity(new Caller(project, user == null ? "" : user, Set.copyOf(roles), scope(token)),
                List.copyOf(catalog), expires);
    }

    /** Keystone v3: {@code "system": {"all": true}}, {@code "domain": {...}} or {@code "project": {...}}. */
    private static Scope scope(JsonNode token) {
        if (token.path("system").path("all").asBoolean(false)) {
            return Scope.system();
        }
        String project = text(token.path("project").path("id"));
        if (project != null) {
            return Scope.project(project, text(token.path("project").path("domain").path("id")));
        }
        String domain = text(token.path("domain").path("id"));
        return domain != null ? Scope.domain(domain) : Scope.unscoped();
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    private static Instant instant(String text, Instant fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static IllegalStateException missing(String key) {
        return new IllegalStateException("glint.auth.mode=keystone needs glint.auth.keystone." + key);
    }

    void close() {
        http.closeAndForget();
    }
}
