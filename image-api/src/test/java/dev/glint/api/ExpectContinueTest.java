package dev.glint.api;

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
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code Expect: 100-continue}, which curl sends with every upload: image-api answers
 * {@code 100 Continue} once the upload has passed its checks, so the client sends the body at once
 * instead of after its own wait, and a refused upload is answered before any data is sent.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(TrustedHeadersProfile.class)
class ExpectContinueTest {

    private static final int SIZE = 4096;

    @Test
    void anAcceptedUploadIsToldToContinueAndThenStored() throws Exception {
        Persona owner = Persona.admin(Persona.newProject());
        String id = owner.create(Map.of("name", "continue", "disk_format", "raw", "container_format", "bare"));
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head(owner, id));
            out.flush();
            InputStream in = socket.getInputStream();
            String interim = readHead(in);
            assertTrue(interim.startsWith("HTTP/1.1 100 Continue"), interim);
            out.write(new byte[SIZE]);
            out.flush();
            String answer = readHead(in);
            assertTrue(answer.startsWith("HTTP/1.1 204"), answer);
        }
    }

    @Test
    void aRefusedUploadIsAnsweredWithoutAskingForTheData() throws Exception {
        Persona owner = Persona.admin(Persona.newProject());
        String id = owner.create(Map.of("name", "refused", "disk_format", "raw", "container_format", "bare"));
        Persona stranger = Persona.member(Persona.newProject());
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head(stranger, id));
            socket.getOutputStream().flush();
            String answer = readHead(socket.getInputStream());
            assertTrue(answer.startsWith("HTTP/1.1 404"), answer);
        }
    }

    private static byte[] head(Persona caller, String id) {
        return ("PUT /v2/images/" + id + "/file HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Identity-Status: Confirmed\r\nX-Project-Id: " + caller.project() + "\r\nX-User-Id: " + caller.user()
                + "\r\nX-Roles: " + caller.roles() + "\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + SIZE + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One response head, up to its blank line (an interim 100 has no body; the final one's is not read). */
    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.write(b);
            }
        } catch (SocketTimeoutException e) {
            return "no answer: " + head.toString(StandardCharsets.ISO_8859_1);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
