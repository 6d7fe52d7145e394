package dev.glint.api;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bounded, clean refusals of hostile input (limits from {@link TrustedHeadersProfile}): oversized
 * bodies, deep JSON, huge patches, too many query parameters, huge headers, text that is not
 * UTF-8, lone surrogates, truncated bodies, and creates that fail half-way.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(TrustedHeadersProfile.class)
class HostileInputTest {

    @org.junit.jupiter.api.BeforeAll
    static void askForJsonErrors() {
        JsonErrors.askForJson();
    }

    private static final String PATCH = "application/openstack-images-v2.1-json-patch";
    private final Persona user = Persona.member(Persona.newProject());

    private int imageCount() {
        return user.call().queryParam("owner", user.project()).queryParam("limit", 50).when().get("/v2/images").then().statusCode(200)
                .extract().path("images.size()");
    }

    @Test
    void oversizedBodiesAre413() {
        String big = "{\"name\": \"x\", \"p\": \"" + "a".repeat(70_000) + "\"}";
        user.call().contentType(ContentType.JSON).body(big).when().post("/v2/images").then().statusCode(413)
                .body("code", equalTo(413));
        assertEquals(0, imageCount());
    }

    @Test
    void deepJsonIs400() {
        String deep = "{\"name\": " + "[".repeat(50) + "]".repeat(50) + "}";
        user.call().contentType(ContentType.JSON).body(deep).when().post("/v2/images").then().statusCode(400);
        String id = user.create(Map.of("name", "patched"));
        String deepPatch = "[{\"op\": \"add\", \"path\": \"/x\", \"value\": " + "{\"a\": ".repeat(40) + "1"
                + "}".repeat(40) + "}]";
        user.call().contentType(PATCH).body(deepPatch.getBytes(StandardCharsets.UTF_8))
                .when().patch("/v2/images/" + id).then().statusCode(400);
    }

    @Test
    void tooManyPatchOperationsAre413AndFast() {
        String id = user.create(Map.of("name", "ops"));
        StringBuilder ops = new StringBuilder("[");
        for (int i = 0; i < 51; i++) {
            ops.append(i == 0 ? "" : ",").append("{\"op\": \"replace\", \"path\": \"/name\", \"value\": \"n").append(i)
                    .append("\"}");
        }
        ops.append("]");
        user.call().contentType(PATCH).body(ops.toString().getBytes(StandardCharsets.UTF_8))
                .when().patch("/v2/images/" + id).then().statusCode(413);
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            many.append(i == 0 ? "" : ",").append("{\"op\":\"add\",\"path\":\"/p\",\"value\":\"v\"}");
        }
        many.append("]");
        long started = System.nanoTime();
        user.call().contentType(PATCH).body(many.toString().getBytes(StandardCharsets.UTF_8))
                .when().patch("/v2/images/" + id).then().statusCode(413);
        assertTrue(System.nanoTime() - started < 5_000_000_000L, "a huge patch must be refused quickly");
        user.call().when().get("/v2/images/" + id).then().body("name", equalTo("ops"));
    }

    @Test
    void tooManyQueryParametersAre400() {
        var request = user.call();
        for (int i = 0; i < 31; i++) {
            request.queryParam("p" + i, "v");
        }
        request.when().get("/v2/images").then().statusCode(400);
    }

    @Test
    void hugeHeadersAre431() {
        user.call().header("X-Big", "b".repeat(20_000)).when().get("/v2/images").then().statusCode(431)
                .header("X-Openstack-Request-Id", org.hamcrest.Matchers.startsWith("req-"));
    }

    @Test
    void invalidUtf8AndLoneSurrogatesAre400() throws Exception {
        assertEquals(400, raw("GET /v2/images/%FF HTTP/1.1", null));
        assertEquals(400, raw("GET /v2/images?name=%C3%28 HTTP/1.1", null));
        assertEquals(400, raw("GET /v2/images?name=%ED%A0%80 HTTP/1.1", null));
        assertEquals(400, raw("GET /v2/images/%00 HTTP/1.1", null));
        assertEquals(400, raw("POST /v2/images HTTP/1.1", new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"',
                (byte) 0xC3, (byte) 0x28, '"', '}'}));
        assertEquals(400, raw("POST /v2/images HTTP/1.1", "{\"name\": \"\\ud800\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, raw("POST /v2/images HTTP/1.1", "{\"\\udc00\": \"x\"}".getBytes(StandardCharsets.UTF_8)));
        String id = user.create(Map.of("name", "surrogates"));
        user.call().contentType(PATCH)
                .body("[{\"op\": \"add\", \"path\": \"/k\", \"value\": \"\\udfff\"}]".getBytes(StandardCharsets.UTF_8))
                .when().patch("/v2/images/" + id).then().statusCode(400);
        user.call().queryParam("name", "caf\u00e9 \ud83d\ude00").when().get("/v2/images").then().statusCode(200);
        assertEquals(1, imageCount());
    }

    @Test
    void aTruncatedBodyIs400AndChangesNothing() throws Exception {
        byte[] partial = "{\"name\": \"trunc".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v2/images HTTP/1.1\r\nHost: localhost\r\n" + identity()
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(partial);
            out.flush();
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.UTF_8);
            assertEquals("HTTP/1.1 400", status);
        }
        assertEquals(0, imageCount());
    }

    @Test
    void aCreateThatFailsAnywhereLeavesNoImage() {
        String id = java.util.UUID.randomUUID().toString();
        user.call().contentType(ContentType.JSON).body(Map.of("id", id, "name", "half", "tags", List.of("ok", "")))
                .when().post("/v2/images").then().statusCode(400);
        user.call().contentType(ContentType.JSON).body(Map.of("id", id, "name", "half", "tags",
                java.util.stream.IntStream.range(0, 11).mapToObj(i -> "t" + i).toList()))
                .when().post("/v2/images").then().statusCode(413);
        user.call().when().get("/v2/images/" + id).then().statusCode(404);
        assertEquals(0, imageCount());
    }

    @Test
    void unsizedMetadataBodiesAreRefused() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v2/images HTTP/1.1\r\nHost: localhost\r\n" + identity()
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "2\r\n{}\r\n0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals("HTTP/1.1 411", new String(socket.getInputStream().readNBytes(12), StandardCharsets.UTF_8));
        }
    }

    private String identity() {
        return "X-Identity-Status: Confirmed\r\nX-Project-Id: " + user.project() + "\r\nX-User-Id: " + user.user()
                + "\r\nX-Roles: " + user.roles() + "\r\n";
    }

    /** Sends a request with its bytes exactly as given (clients would encode what these tests must not). */
    private int raw(String requestLine, byte[] body) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n").append(identity())
                    .append("Connection: close\r\n");
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(status.substring(9, 12));
        }
    }
}
