package dev.glint.imports.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.glint.domain.imports.HostResolver;
import dev.glint.domain.imports.UriFilter;
import dev.glint.domain.imports.WebDownloadRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HttpSource against a real HTTP server on 127.0.0.1; the filter lets loopback through for it, or a
 * network double carries "public" addresses to it, so that the DNS-rebinding cases can show which
 * address each connection went to.
 */
class HttpSourceTest {

    private static final Duration IDLE = Duration.ofMillis(500);

    /** Loopback on any port, but only 127.0.0.1 by name: redirects elsewhere are refused. */
    private static final WebDownloadRules LOOPBACK_ONLY = WebDownloadRules.defaults()
            .withDenyPrivateNetworks(false)
            .withAllowedPorts(List.of())
            .withAllowedHosts(List.of("127.0.0.1"));

    private HttpServer server;
    private ExecutorService executor;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // Handlers that stall must not hold up the others.
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }

    private void handle(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            requests.incrementAndGet();
            try (exchange) {
                handler.handle(exchange);
            }
        });
    }

    private HttpSource source(WebDownloadRules rules) {
        return new HttpSource(new UriFilter(rules), Duration.ofSeconds(2), IDLE, 5);
    }

    private HttpSource source() {
        return source(LOOPBACK_ONLY);
    }

    private static byte[] bytes(int n) {
        byte[] data = new byte[n];
        new Random(n).nextBytes(data);
        return data;
    }

    @Test
    void okWithContentLength() throws IOException {
        byte[] image = bytes(300_000);
        handle("/img", ex -> {
            ex.sendResponseHeaders(200, image.length);
            ex.getResponseBody().write(image);
        });
        try (SourceStream s = source().open(base + "/img")) {
            assertEquals(OptionalLong.of(image.length), s.contentLength());
            assertArrayEquals(image, s.body().readAllBytes());
            assertEquals(base + "/img", s.finalUri().toString());
        }
    }

    @Test
    void headersGoToTheFirstOriginOnlyNeverToARedirectElsewhere() throws IOException {
        // glance-download's token: kept on a redirect within the endpoint, dropped on one to another port.
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> seen = new CopyOnWriteArrayList<>();
        other.createContext("/elsewhere", ex -> {
            try (ex) {
                seen.add("elsewhere:" + ex.getRequestHeaders().getFirst("X-Auth-Token"));
                ex.sendResponseHeaders(200, 2);
                ex.getResponseBody().write(new byte[2]);
            }
        });
        other.start();
        try {
            handle("/first", ex -> {
                seen.add("first:" + ex.getRequestHeaders().getFirst("X-Auth-Token"));
                ex.getResponseHeaders().add("Location", "/second");
                ex.sendResponseHeaders(302, -1);
            });
            handle("/second", ex -> {
                seen.add("second:" + ex.getRequestHeaders().getFirst("X-Auth-Token"));
                ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + other.getAddress().getPort() + "/elsewhere");
                ex.sendResponseHeaders(302, -1);
            });
            try (SourceStream s = source().open(base + "/first", Map.of("X-Auth-Token", "secret"))) {
                assertEquals(2, s.body().readAllBytes().length);
            }
            assertEquals(List.of("first:secret", "second:secret", "elsewhere:null"), seen);
        } finally {
            other.stop(0);
        }
    }

    @Test
    void aLabelledSourceNamesItsMethodInItsMessages() {
        handle("/missing", ex -> ex.sendResponseHeaders(404, -1));
        SourceException e = assertThrows(SourceException.class,
                () -> source().labelled("glance-download").open(base + "/missing"));
        assertEquals("glance-download source answered 404 Not Found", e.getMessage());
    }

    @Test
    void okWithoutContentLengthIsStreamedInChunks() throws IOException {
        byte[] image = bytes(2 * 1024 * 1024);
        handle("/chunked", ex -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            for (int off = 0; off < image.length; off += 65536) {
                out.write(image, off, 65536);
                out.flush();
            }
        });
        try (SourceStream s = source().open(base + "/chunked")) {
            assertEquals(OptionalLong.empty(), s.contentLength());
            assertArrayEquals(image, s.body().readAllBytes());
        }
    }

    @Test
    void notFoundIsAClearFailure() {
        handle("/missing", ex -> ex.sendResponseHeaders(404, -1));
        SourceException e = assertThrows(SourceException.class, () -> source().open(base + "/missing"));
        assertEquals("web-download source answered 404 Not Found", e.getMessage());
    }

    @Test
    void serverErrorIsAClearFailure() {
        handle("/broken", ex -> ex.sendResponseHeaders(503, -1));
        SourceException e = assertThrows(SourceException.class, () -> source().open(base + "/broken"));
        assertEquals("web-download source answered 503 Service Unavailable", e.getMessage());
    }

    @Test
    void redirectsAreFollowedAndRechecked() throws IOException {
        byte[] image = bytes(1000);
        handle("/old", ex -> redirect(ex, 301, "/moved"));
        handle("/moved", ex -> redirect(ex, 307, base + "/new"));
        handle("/new", ex -> {
            ex.sendResponseHeaders(200, image.length);
            ex.getResponseBody().write(image);
        });
        try (SourceStream s = source().open(base + "/old?x=1")) {
            assertArrayEquals(image, s.body().readAllBytes());
            assertEquals(base + "/new", s.finalUri().toString());
        }
        assertEquals(3, requests.get());
    }

    @Test
    void redirectToADeniedHostIsRefusedBeforeAnyConnection() {
        // 192.0.2.0/24 is TEST-NET-1: never contacted, the filter refuses it first.
        handle("/escape", ex -> redirect(ex, 302, "http://192.0.2.1/internal"));
        SourceException e = assertThrows(SourceException.class, () -> source().open(base + "/escape"));
        assertEquals("web-download source redirected to a URI that is refused: web-download URI host 192.0.2.1"
                + " is not allowed (glint.import.web-download.allowed-hosts)", e.getMessage());
    }

    @Test
    void redirectIntoAPrivateNetworkIsRefused() throws IOException {
        // Private networks denied, and "localhost" made to look public to the filter (the network
        // double carries that address to the loopback server): the link-local redirect must be refused.
        InetAddress looksPublic = InetAddress.getByName("93.184.216.34");
        HostResolver localhostLooksPublic = host -> host.equals("localhost") ? List.of(looksPublic)
                : HostResolver.SYSTEM.resolve(host);
        WebDownloadRules rules = WebDownloadRules.defaults().withAllowedPorts(List.of());
        RoutedNetwork network = new RoutedNetwork(Map.of(looksPublic, InetAddress.getLoopbackAddress()));
        HttpSource strict = new HttpSource(new UriFilter(rules, localhostLooksPublic), Duration.ofSeconds(2), IDLE, 5,
                network);
        handle("/to-metadata", ex -> redirect(ex, 302, "http://169.254.169.254/latest/meta-data/"));
        SourceException e = assertThrows(SourceException.class,
                () -> strict.open("http://localhost:" + server.getAddress().getPort() + "/to-metadata"));
        assertEquals("web-download source redirected to a URI that is refused: web-download URI host 169.254.169.254"
                + " is a link-local address; imports from private networks are disabled"
                + " (glint.import.web-download.deny-private-networks)", e.getMessage());
        assertEquals(1, requests.get());
        assertEquals(List.of(looksPublic), network.connected());
    }

    /** A resolver double for one name: the first answer once, then the second for every later call. */
    private static final class RebindingDns implements HostResolver {
        private final String name;
        private final InetAddress first;
        private final InetAddress then;
        private final AtomicInteger calls = new AtomicInteger();

        RebindingDns(String name, String first, String then) throws IOException {
            this.name = name;
            this.first = InetAddress.getByName(first);
            this.then = InetAddress.getByName(then);
        }

        @Override
        public List<InetAddress> resolve(String host) throws java.net.UnknownHostException {
            if (!host.equals(name)) {
                throw new java.net.UnknownHostException(host);
            }
            return List.of(calls.getAndIncrement() == 0 ? first : then);
        }
    }

    @Test
    void aNameThatRebindsToLoopbackIsConnectedToAtTheAddressThatWasChecked() throws IOException {
        byte[] image = bytes(5000);
        handle("/img", ex -> {
            ex.sendResponseHeaders(200, image.length);
            ex.getResponseBody().write(image);
        });
        // Public for the check, loopback for whoever asks next: the connection must not ask again.
        RebindingDns dns = new RebindingDns("rebind.test", "203.0.113.10", "127.0.0.1");
        InetAddress checked = InetAddress.getByName("203.0.113.10");
        RoutedNetwork network = new RoutedNetwork(Map.of(checked, InetAddress.getLoopbackAddress()));
        HttpSource source = new HttpSource(new UriFilter(WebDownloadRules.defaults().withAllowedPorts(List.of()), dns),
                Duration.ofSeconds(2), IDLE, 5, network);
        try (SourceStream s = source.open("http://rebind.test:" + server.getAddress().getPort() + "/img")) {
            assertArrayEquals(image, s.body().readAllBytes());
        }
        assertEquals(List.of(checked), network.connected(), "connected to the checked address only");
        assertEquals(1, dns.calls.get(), "the name was resolved once, for the check");
    }

    @Test
    void redirectTargetsAreConnectedToAtTheirCheckedAddressesToo() throws IOException {
        byte[] image = bytes(3000);
        int port = server.getAddress().getPort();
        handle("/start", ex -> redirect(ex, 302, "http://second.test:" + port + "/img"));
        handle("/img", ex -> {
            ex.sendResponseHeaders(200, image.length);
            ex.getResponseBody().write(image);
        });
        InetAddress firstChecked = InetAddress.getByName("203.0.113.10");
        InetAddress secondChecked = InetAddress.getByName("198.51.100.20");
        RebindingDns second = new RebindingDns("second.test", "198.51.100.20", "127.0.0.1");
        RebindingDns first = new RebindingDns("first.test", "203.0.113.10", "127.0.0.1");
        HostResolver dns = host -> host.equals("first.test") ? first.resolve(host) : second.resolve(host);
        RoutedNetwork network = new RoutedNetwork(Map.of(firstChecked, InetAddress.getLoopbackAddress(),
                secondChecked, InetAddress.getLoopbackAddress()));
        HttpSource source = new HttpSource(new UriFilter(WebDownloadRules.defaults().withAllowedPorts(List.of()), dns),
                Duration.ofSeconds(2), IDLE, 5, network);
        try (SourceStream s = source.open("http://first.test:" + port + "/start")) {
            assertArrayEquals(image, s.body().readAllBytes());
            assertEquals("http://second.test:" + port + "/img", s.finalUri().toString());
        }
        assertEquals(List.of(firstChecked, secondChecked), network.connected());
        assertEquals(1, first.calls.get());
        assertEquals(1, second.calls.get());
    }

    @Test
    void aRebindingNameWhoseCheckedAddressIsUnreachableNeverReachesLoopback() throws IOException {
        handle("/img", ex -> ex.sendResponseHeaders(200, -1));
        // 192.0.2.0/24 (TEST-NET-1) is routed nowhere: the download fails rather than asking the name again.
        RebindingDns dns = new RebindingDns("rebind.test", "192.0.2.1", "127.0.0.1");
        HttpSource source = new HttpSource(new UriFilter(WebDownloadRules.defaults().withAllowedPorts(List.of()), dns),
                Duration.ofMillis(500), IDLE, 5);
        SourceException e = assertThrows(SourceException.class,
                () -> source.open("http://rebind.test:" + server.getAddress().getPort() + "/img"));
        assertTrue(e.getMessage().startsWith("web-download source rebind.test:" + server.getAddress().getPort()),
                e.getMessage());
        assertEquals(0, requests.get());
        assertEquals(1, dns.calls.get());
    }

    @Test
    void aNameTheFilterDidNotCheckIsResolvedOnceAndThatAnswerIsUsed() throws IOException {
        byte[] image = bytes(100);
        handle("/img", ex -> {
            ex.sendResponseHeaders(200, image.length);
            ex.getResponseBody().write(image);
        });
        // Private networks allowed: nothing to check, but the name is still resolved only once.
        RebindingDns dns = new RebindingDns("mirror.test", "127.0.0.1", "192.0.2.1");
        HttpSource source = new HttpSource(new UriFilter(WebDownloadRules.defaults().withDenyPrivateNetworks(false)
                .withAllowedPorts(List.of()), dns), Duration.ofSeconds(2), IDLE, 5);
        try (SourceStream s = source.open("http://mirror.test:" + server.getAddress().getPort() + "/img")) {
            assertArrayEquals(image, s.body().readAllBytes());
        }
        assertEquals(1, dns.calls.get());
    }

    @Test
    void tooManyRedirectsFail() {
        handle("/loop", ex -> redirect(ex, 302, "/loop"));
        SourceException e = assertThrows(SourceException.class, () -> source().open(base + "/loop"));
        assertEquals("web-download source redirected more than 5 times", e.getMessage());
        assertEquals(6, requests.get());
    }

    @Test
    void redirectWithoutLocationFails() {
        handle("/nowhere", ex -> ex.sendResponseHeaders(302, -1));
        SourceException e = assertThrows(SourceException.class, () -> source().open(base + "/nowhere"));
        assertEquals("web-download source answered 302 without a Location to go to", e.getMessage());
    }

    @Test
    void aSourceThatStallsMidBodyTimesOut() throws IOException {
        handle("/stall", ex -> {
            ex.sendResponseHeaders(200, 10_000);
            ex.getResponseBody().write(new byte[100]);
            ex.getResponseBody().flush();
            awaitRelease();
        });
        long started = System.nanoTime();
        try (SourceStream s = source().open(base + "/stall")) {
            SourceException e = assertThrows(SourceException.class, () -> s.body().readAllBytes());
            assertEquals("web-download source 127.0.0.1:" + server.getAddress().getPort() + " sent no data for 500 ms",
                    e.getMessage());
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 4000);
    }

    @Test
    void aSourceThatNeverAnswersTimesOut() {
        handle("/silent", ex -> awaitRelease());
        SourceException e = assertThrows(SourceException.class, () -> source().open(base + "/silent"));
        assertEquals("web-download source 127.0.0.1:" + server.getAddress().getPort() + " sent no data for 500 ms",
                e.getMessage());
    }

    @Test
    void aBodyShorterThanItsLengthFails() throws IOException {
        handle("/short", ex -> {
            ex.sendResponseHeaders(200, 1000);
            ex.getResponseBody().write(new byte[400]);
            ex.getResponseBody().flush();
            // Closing now leaves the response short; the server drops the connection.
        });
        try (SourceStream s = source().open(base + "/short")) {
            SourceException e = assertThrows(SourceException.class, () -> s.body().readAllBytes());
            assertTrue(e.getMessage().startsWith("web-download source 127.0.0.1:" + server.getAddress().getPort()),
                    e.getMessage());
            assertTrue(e.getMessage().contains("400"), e.getMessage());
        }
    }

    @Test
    void theFilterIsAppliedToTheFirstUri() {
        handle("/img", ex -> ex.sendResponseHeaders(200, -1));
        SourceException e = assertThrows(SourceException.class,
                () -> source(WebDownloadRules.defaults()).open(base + "/img"));
        assertTrue(e.getMessage().startsWith("web-download URI port "), e.getMessage());
        SourceException loopback = assertThrows(SourceException.class,
                () -> source(WebDownloadRules.defaults().withAllowedPorts(List.of())).open(base + "/img"));
        assertEquals("web-download URI host 127.0.0.1 is a loopback address; imports from private networks"
                + " are disabled (glint.import.web-download.deny-private-networks)", loopback.getMessage());
        assertEquals(0, requests.get());
    }

    @Test
    void schemesOtherThanHttpAreNotSupportedEvenIfAllowed() {
        WebDownloadRules ftp = LOOPBACK_ONLY.withAllowedSchemes(List.of("ftp"));
        SourceException e = assertThrows(SourceException.class, () -> source(ftp).open("ftp://127.0.0.1/x"));
        assertEquals("web-download supports http and https URIs; ftp is not supported", e.getMessage());
    }

    @Test
    void anUnreachableSourceFailsClearly() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        int closed = port;
        SourceException e = assertThrows(SourceException.class,
                () -> source().open("http://127.0.0.1:" + closed + "/x"));
        assertTrue(e.getMessage().startsWith("web-download source 127.0.0.1:" + closed + " could not be reached: "),
                e.getMessage());
    }

    @Test
    void closingEarlyReleasesTheConnection() throws IOException {
        handle("/big", ex -> {
            ex.sendResponseHeaders(200, 0);
            try {
                OutputStream out = ex.getResponseBody();
                byte[] chunk = new byte[65536];
                for (int i = 0; i < 1000; i++) {
                    out.write(chunk);
                }
            } catch (IOException expected) {
                // The client went away.
            }
        });
        try (SourceStream s = source().open(base + "/big")) {
            InputStream body = s.body();
            assertEquals(1000, body.readNBytes(1000).length);
        }
    }

    /**
     * A network double: a connection to one of the routed addresses goes to the given local address
     * (same port) instead; every address a connection was asked for is recorded.
     */
    private static final class RoutedNetwork extends SocketFactory {
        private final Map<InetAddress, InetAddress> routes;
        private final List<InetAddress> connected = new CopyOnWriteArrayList<>();

        RoutedNetwork(Map<InetAddress, InetAddress> routes) {
            this.routes = routes;
        }

        List<InetAddress> connected() {
            return List.copyOf(connected);
        }

        @Override
        public Socket createSocket() {
            return new Socket() {
                @Override
                public void connect(SocketAddress endpoint, int timeout) throws IOException {
                    InetSocketAddress asked = (InetSocketAddress) endpoint;
                    connected.add(asked.getAddress());
                    InetAddress to = routes.get(asked.getAddress());
                    super.connect(to == null ? endpoint : new InetSocketAddress(to, asked.getPort()), timeout);
                }
            };
        }

        @Override
        public Socket createSocket(String host, int port) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Socket createSocket(InetAddress host, int port) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
            throw new UnsupportedOperationException();
        }
    }

    private static void redirect(HttpExchange ex, int status, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(status, -1);
    }

    private void awaitRelease() {
        try {
            release.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
