package dev.glint.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Glint in keystone mode against a real Keystone: discovery without a token, 401 with Keystone's
 * challenge for a missing or invalid token, Glance's access rules over its personas through
 * openstacksdk with password auth (including revoked and expired tokens), and 503, never a pass,
 * while Keystone is down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeystoneE2ETest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static KeystoneSuite keystone;

    @BeforeAll
    static void start() {
        keystone = KeystoneSuite.get();
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(keystone.imageApi.url() + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (token != null) {
            request.header("X-Auth-Token", token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void discoveryIsOpenAndTheApiWantsAToken() throws Exception {
        assertEquals(300, get("/", null).statusCode());
        assertEquals(200, get("/versions", null).statusCode());
        for (String token : new String[] {null, "", "not-a-token-" + UUID.randomUUID()}) {
            HttpResponse<String> response = get("/v2/images", token);
            assertEquals(401, response.statusCode(), response.body());
            assertEquals("Keystone uri=\"" + keystone.authUrl() + "\"",
                    response.headers().firstValue("WWW-Authenticate").orElse(null));
        }
        assertEquals(401, get("/v2/schemas/image", null).statusCode());
    }

    @Test
    @Order(2)
    void glanceRulesThroughOpenstacksdkWithRealTokens() {
        String output = KeystoneSuite.python("keystone_flows.py", keystone.authUrl(), keystone.imageApi.url(),
                KeystoneSuite.USER_PASSWORD, String.valueOf(KeystoneSuite.CACHE_SECONDS));
        assertTrue(output.contains("keystone flows ok"), output);
    }

    @Test
    @Order(3)
    void keystoneDownIsServiceUnavailableNeverAPass() throws Exception {
        keystone.stop();
        try {
            HttpResponse<String> response = get("/v2/images", "unknown-" + UUID.randomUUID());
            assertEquals(503, response.statusCode(), response.body());
            assertTrue(response.body().contains("Keystone"), response.body());
            assertEquals(401, get("/v2/images", null).statusCode());
        } finally {
            keystone.start();
        }
        assertEquals(401, get("/v2/images", "unknown-" + UUID.randomUUID()).statusCode());
    }
}
