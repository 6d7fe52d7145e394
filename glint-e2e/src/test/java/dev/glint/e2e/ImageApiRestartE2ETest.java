package dev.glint.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The image-api running an upload and a staging dies in the middle of both: the other replica sees
 * their heartbeats stop and gives both images back as queued, and the upload can be made again.
 */
class ImageApiRestartE2ETest {

    private static final int DECLARED = 8 * 1024 * 1024;

    private final GlintSuite suite = GlintSuite.get();
    private final GlanceHttp api = new GlanceHttp(suite.imageApi.url());
    private final GlanceHttp otherReplica = new GlanceHttp(suite.delayedDeleteApi.url());

    @Test
    void transfersOfAKilledImageApiAreGivenBackAsQueued() throws IOException {
        Object uploaded = api.createImage(Map.of("name", "cut-upload", "disk_format", "raw", "container_format", "bare"))
                .get("id");
        Object staged = api.createImage(Map.of("name", "cut-stage", "disk_format", "raw", "container_format", "bare"))
                .get("id");
        try (Socket upload = startTransfer(uploaded, "file"); Socket stage = startTransfer(staged, "stage")) {
            api.awaitStatus(uploaded, "saving", Duration.ofSeconds(10));
            api.awaitStatus(staged, "uploading", Duration.ofSeconds(10));
            suite.imageApi.kill();
        }
        try {
            Map<String, Object> image = otherReplica.awaitStatus(uploaded, "queued", Duration.ofSeconds(60));
            assertNull(image.get("size"), "a given-back image has no size");
            otherReplica.awaitStatus(staged, "queued", Duration.ofSeconds(10));
        } finally {
            suite.imageApi.start().awaitReady(Duration.ofSeconds(120));
        }

        byte[] data = Digests.randomBytes(2 * 1024 * 1024, 41);
        assertEquals(204, api.upload(uploaded, data).statusCode());
        Map<String, Object> image = api.awaitStatus(uploaded, "active", Duration.ofSeconds(30));
        assertEquals(Digests.hex("MD5", data), image.get("checksum"));
        assertEquals(204, api.stage(staged, data).statusCode());
        assertEquals("uploading", api.image(staged).get("status"));
    }

    /** Sends the headers of a PUT and the first MiB of its body, and leaves the rest unsent. */
    private Socket startTransfer(Object id, String what) throws IOException {
        URI url = URI.create(suite.imageApi.url());
        Socket socket = new Socket(url.getHost(), url.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("PUT /v2/images/" + id + "/" + what + " HTTP/1.1\r\n"
                + "Host: " + url.getHost() + ":" + url.getPort() + "\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Content-Length: " + DECLARED + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(Digests.randomBytes(1024 * 1024, 42));
        out.flush();
        return socket;
    }
}
