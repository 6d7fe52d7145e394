package dev.glint.storage.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.glint.domain.imports.UriFilter;
import dev.glint.domain.imports.WebDownloadRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read-only http store against a loopback web server: sizes, ranges, redirects, refusals. */
class HttpStoreTest {

    private static final byte[] DATA = new byte[10_000];

    static {
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = (byte) (i * 31);
        }
    }

    private HttpServer server;
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private HttpStore store;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        WebDownloadRules open = WebDownloadRules.defaults().withDenyPrivateNetworks(false).withAllowedPorts(Set.of());
        store = new HttpStore(new UriFilter(open), Duration.ofSeconds(5), Duration.ofSeconds(5), 2);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        try (exchange) {
            if (path.startsWith("/redirect")) {
                exchange.getResponseHeaders().add("Location", path.equals("/redirect/loop") ? "/redirect/loop" : "/data");
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            if (!path.equals("/data") && !path.equals("/plain")) {
                exchange.sendResponseHeaders(path.equals("/broken") ? 500 : 404, -1);
                return;
            }
            String range = exchange.getRequestHeaders().getFirst("Range");
            ranges.add(String.valueOf(range));
            int first = 0;
            int last = DATA.length - 1;
            int status = 200;
            if (range != null && path.equals("/data")) {
                String[] bounds = range.substring("bytes=".length()).split("-", -1);
                first = Integer.parseInt(bounds[0]);
                last = bounds[1].isEmpty() ? last : Integer.parseInt(bounds[1]);
                status = 206;
            }
            exchange.getResponseHeaders().add("Content-Length", String.valueOf(last - first + 1));
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, last - first + 1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(DATA, first, last - first + 1);
            }
        }
    }

    @Test
    void sizeFollowsRedirects() {
        assertEquals(DATA.length, store.size(url("/data")));
        assertEquals(DATA.length, store.size(url("/redirect/once")));
    }

    @Test
    void readsTheWholeOrARangeEvenFromAServerWithoutRanges() throws IOException {
        try (InputStream in = store.open(url("/data"))) {
            assertArrayEquals(DATA, in.readAllBytes());
        }
        try (InputStream in = store.open(url("/data"), 100, 50)) {
            assertArrayEquals(Arrays.copyOfRange(DATA, 100, 150), in.readAllBytes());
        }
        assertTrue(ranges.contains("bytes=100-149"), ranges.toString());
        try (InputStream in = store.open(url("/plain"), 9_000, 1_000)) {
            assertArrayEquals(Arrays.copyOfRange(DATA, 9_000, 10_000), in.readAllBytes());
        }
    }

    @Test
    void failuresSayWhy() {
        assertEquals(HttpStoreException.Reason.NOT_FOUND,
                assertThrows(HttpStoreException.class, () -> store.size(url("/missing"))).reason());
        assertEquals(HttpStoreException.Reason.UNAVAILABLE,
                assertThrows(HttpStoreException.class, () -> store.size(url("/broken"))).reason());
        assertEquals(HttpStoreException.Reason.UNAVAILABLE,
                assertThrows(HttpStoreException.class, () -> store.size(url("/redirect/loop"))).reason());
        assertEquals(HttpStoreException.Reason.UNAVAILABLE,
                assertThrows(HttpStoreException.class, () -> store.size("http://127.0.0.1:1/closed")).reason());
        assertEquals(HttpStoreException.Reason.REFUSED,
                assertThrows(HttpStoreException.class, () -> store.size("ftp://127.0.0.1/x")).reason());
        HttpStore guarded = new HttpStore(new UriFilter(WebDownloadRules.defaults()), Duration.ofSeconds(5),
                Duration.ofSeconds(5), 2);
        HttpStoreException refused = assertThrows(HttpStoreException.class, () -> guarded.size(url("/data")));
        assertEquals(HttpStoreException.Reason.REFUSED, refused.reason());
    }

    @Test
    void handlesOnlyHttpUrls() {
        assertTrue(HttpStore.handles("http://x/y"));
        assertTrue(HttpStore.handles("HTTPS://x/y"));
        assertFalse(HttpStore.handles("s3://x/y"));
        assertFalse(HttpStore.handles("gopher://x"));
        assertFalse(HttpStore.handles(null));
        assertEquals("http://host/path", HttpStore.safe("http://user:secret@host/path"));
    }
}
