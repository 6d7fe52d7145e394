package dev.glint.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Broken HTTP framing gets an answer and a closed connection, never a connection held open
 * without one: nothing but blank lines (which the HTTP decoder used to skip and wait behind), control
 * bytes or a TLS handshake where the request line belongs, a head that never ends
 * ({@code glint.api.request-head-timeout}, 3 s in {@link TrustedHeadersProfile}), a version that is
 * no HTTP/1.x; while one empty line before a request stays allowed (RFC 9112, 2.2).
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(TrustedHeadersProfile.class)
class MalformedRequestsTest {

    /** The whole answer up to the server's close, or what came before the read timed out. */
    private record Exchange(String text, boolean closed, long millis) {

        int status() {
            return text.startsWith("HTTP/1.") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
        }
    }

    private static Exchange send(byte[] request) throws Exception {
        long started = System.nanoTime();
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            boolean closed;
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
                closed = true;
            } catch (java.net.SocketTimeoutException e) {
                closed = false;
            }
            return new Exchange(answer.toString(StandardCharsets.ISO_8859_1), closed,
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void blankLinesInsteadOfARequestAre400AndTheConnectionIsClosedAtOnce() throws Exception {
        for (String request : List.of("\r\n\r\n", "\n\n", "\r\n\r\n\r\n\r\n\r\n\r\n", "\r\n \r\n", " \r\n\r\n", "\t",
                "\u0000\r\n", "\u000b", "\u007f\r\n")) {
            Exchange exchange = send(bytes(request));
            assertEquals(400, exchange.status(), () -> "for " + request.chars().boxed().toList() + ": " + exchange.text());
            assertTrue(exchange.closed(), "the connection must be closed");
            assertTrue(exchange.millis() < 10_000, "at once, not after a timeout: " + exchange.millis() + " ms");
            assertTrue(exchange.text().contains("\"code\": 400"), exchange.text());
        }
    }

    @Test
    void aTlsHandshakeOrBinaryWhereTheRequestLineBelongsIs400() throws Exception {
        Exchange tls = send(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03});
        assertEquals(400, tls.status(), tls.text());
        assertTrue(tls.closed());
    }

    @Test
    void oneEmptyLineBeforeARequestIsStillAllowed() throws Exception {
        Exchange exchange = send(bytes("\r\nGET /versions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        assertEquals(200, exchange.status(), exchange.text());
    }

    @Test
    void aHeadThatNeverEndsIs408AfterTheTimeout() throws Exception {
        Exchange line = send(bytes("GET /v2/ima"));
        assertEquals(408, line.status(), line.text());
        assertTrue(line.closed());
        Exchange headers = send(bytes("GET /versions HTTP/1.1\r\nHost: localhost\r\n"));
        assertEquals(408, headers.status(), headers.text());
        assertTrue(headers.millis() >= 2_500 && headers.millis() < 15_000, headers.millis() + " ms");
    }

    @Test
    void aVersionOtherThanHttp1Is400() throws Exception {
        for (String version : List.of("HTTP/9.9", "http/1.1", "HTTP/1", "HTTP/1.1x", "")) {
            Exchange exchange = send(bytes("GET /versions" + (version.isEmpty() ? "" : " " + version)
                    + "\r\nHost: localhost\r\n\r\n"));
            assertEquals(400, exchange.status(), version + ": " + exchange.text());
            assertTrue(exchange.closed());
        }
        Exchange old = send(bytes("GET /versions HTTP/1.0\r\n\r\n"));
        assertTrue(old.text().startsWith("HTTP/1.0 200") || old.text().startsWith("HTTP/1.1 200"), old.text());
    }

    @Test
    void malformedRequestLinesAndHeadersAre4xx() throws Exception {
        for (String request : List.of("GARBAGE\r\n\r\n", "GET\r\n\r\n", "G\u0001T /versions HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /ver sions HTTP/1.1\r\nHost: x\r\n\r\n", "GET /versions HTTP/1.1\r\nNoColon\r\n\r\n",
                "GET /versions HTTP/1.1\r\nHost: x\r\n Folded: y\r\n\r\n", "GET /versions HTTP/1.1\r\nHost: x\r\nX: a\u0000b\r\n\r\n",
                "GET /versions HTTP/1.1\r\n\r\n", "GET /" + "v".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n")) {
            Exchange exchange = send(bytes(request));
            assertTrue(exchange.status() >= 400 && exchange.status() < 500,
                    () -> request.substring(0, Math.min(40, request.length())) + ": " + exchange.text());
        }
    }
}
