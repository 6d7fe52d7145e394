package dev.glint.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keystone mode with a slow and flaky Keystone: the real Keystone of {@link KeystoneSuite} behind a
 * {@link DelayingProxy}, and an image-api of its own with the default Keystone timeout and
 * retries. A Keystone that takes longer than the old 5 s to answer still lets requests through;
 * twenty concurrent requests with one new token cost Keystone one validation; a bad token is asked
 * about once, then refused from the cache; dropped connections are retried; and the metrics show it.
 */
class SlowKeystoneE2ETest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String VALIDATE = "GET /v3/auth/tokens";

    private static KeystoneSuite keystone;
    private static DelayingProxy proxy;
    private static ServiceProcess imageApi;

    @BeforeAll
    static void start() throws Exception {
        keystone = KeystoneSuite.get();
        proxy = new DelayingProxy(keystone.port);
        Map<String, String> env = new HashMap<>(GlintSuite.get().infrastructure.environment());
        env.put("GLINT_AUTH_MODE", "keystone");
        env.put("GLINT_AUTH_KEYSTONE_URL", "http://127.0.0.1:" + proxy.port() + "/v3");
        env.put("GLINT_AUTH_KEYSTONE_USERNAME", "glint");
        env.put("GLINT_AUTH_KEYSTONE_PASSWORD", KeystoneSuite.USER_PASSWORD);
        env.put("GLINT_AUTH_KEYSTONE_PROJECT_NAME", "service");
        imageApi = new ServiceProcess("image-api#slow-keystone", env).start();
        imageApi.awaitReady(Duration.ofSeconds(180));
        // image-api gets its own token on the first validation: done here, so the tests count only validations.
        assertEquals(200, images(newToken()).statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        if (imageApi != null) {
            imageApi.stop();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @BeforeEach
    void quickKeystone() {
        proxy.delay(Duration.ZERO);
        proxy.dropNext(0);
        proxy.reset();
    }

    /** A new token of member-a, straight from Keystone (not through the proxy). */
    private static String newToken() {
        return keystone.memberToken();
    }

    private static HttpResponse<String> images(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(imageApi.url() + "/v2/images"))
                .timeout(Duration.ofSeconds(90)).header("X-Auth-Token", token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aKeystoneSlowerThanFiveSecondsStillLetsRequestsThrough() throws Exception {
        String token = newToken();
        proxy.delay(Duration.ofSeconds(6));
        HttpResponse<String> response = images(token);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(1, proxy.forwarded(VALIDATE));
        // Cached now: no second wait.
        proxy.delay(Duration.ofSeconds(30));
        assertEquals(200, images(token).statusCode());
        assertEquals(1, proxy.forwarded(VALIDATE));
    }

    @Test
    void concurrentRequestsWithOneTokenCostOneValidation() throws Exception {
        String token = newToken();
        proxy.delay(Duration.ofSeconds(3));
        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return images(token);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<HttpResponse<String>> request : requests) {
            HttpResponse<String> response = request.join();
            assertEquals(200, response.statusCode(), response.body());
        }
        assertEquals(1, proxy.forwarded(VALIDATE), "one validation for twenty requests with one token");
        assertTrue(counter("glint_keystone_token_lookups_total", "result=\"coalesced\"") >= 1, metrics());
    }

    @Test
    void anInvalidTokenIsAskedAboutOnceThenRefusedFromTheCache() throws Exception {
        String bad = "no-such-token-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            assertEquals(401, images(bad).statusCode());
        }
        assertEquals(1, proxy.forwarded(VALIDATE));
        assertTrue(counter("glint_keystone_token_lookups_total", "result=\"cached_invalid\"") >= 4, metrics());
    }

    @Test
    void droppedConnectionsAreRetried() throws Exception {
        String token = newToken();
        proxy.dropNext(2);
        HttpResponse<String> response = images(token);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(2, proxy.dropped());
        assertEquals(1, proxy.forwarded(VALIDATE));
        assertTrue(counter("glint_keystone_failures_total", "call=\"validate\",reason=\"unreachable\"") >= 2, metrics());
        assertTrue(counter("glint_keystone_requests_seconds_count", "call=\"validate\",outcome=\"valid\"") >= 1,
                metrics());
    }

    private static String metrics() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(imageApi.url() + "/q/metrics")).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of the metric line naming {@code labels} (in Prometheus' label order), or 0. */
    private static double counter(String name, String labels) throws Exception {
        Matcher line = Pattern.compile("^" + name + "\\{([^}]*)\\} ([0-9.eE+]+)$", Pattern.MULTILINE).matcher(metrics());
        double total = 0;
        while (line.find()) {
            if (line.group(1).contains(labels)) {
                total += Double.parseDouble(line.group(2));
            }
        }
        return total;
    }
}
