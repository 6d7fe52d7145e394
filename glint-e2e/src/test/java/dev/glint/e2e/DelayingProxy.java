package dev.glint.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of a real HTTP server (Keystone, one request per connection),
 * that makes it slow or flaky on demand: every connection waits {@link #delay} before its request
 * is passed on, and the next {@link #dropNext} connections are closed unanswered. It counts the
 * requests it passed on by request line ({@code "GET /v3/auth/tokens"}), so a test sees how often
 * Keystone was really asked.
 */
final class DelayingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final ConcurrentHashMap<String, AtomicInteger> forwarded = new ConcurrentHashMap<>();
    private final AtomicInteger dropped = new AtomicInteger();
    private final AtomicInteger dropNext = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;

    DelayingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "delaying-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void delay(Duration delay) {
        this.delay = delay;
    }

    /** Closes the next {@code connections} connections without passing them on. */
    void dropNext(int connections) {
        dropNext.set(connections);
    }

    /** Requests passed on with this request line (method and path, no query) since the last reset. */
    int forwarded(String requestLine) {
        AtomicInteger count = forwarded.get(requestLine);
        return count == null ? 0 : count.get();
    }

    int dropped() {
        return dropped.get();
    }

    void reset() {
        forwarded.clear();
        dropped.set(0);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread worker = new Thread(() -> handle(client), "delaying-proxy-connection");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            if (dropNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                dropped.incrementAndGet();
                return;
            }
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            Thread.sleep(delay.toMillis());
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
                OutputStream toUpstream = upstream.getOutputStream();
                toUpstream.write(head);
                toUpstream.flush();
                Thread body = new Thread(() -> pump(in, toUpstream), "delaying-proxy-body");
                body.setDaemon(true);
                body.start();
                String line = new String(head, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
                String[] parts = line.split(" ");
                if (parts.length >= 2) {
                    int query = parts[1].indexOf('?');
                    String key = parts[0] + " " + (query < 0 ? parts[1] : parts[1].substring(0, query));
                    forwarded.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                }
                upstream.getInputStream().transferTo(client.getOutputStream());
            }
        } catch (IOException e) {
            // the client or Keystone went away: nothing to pass on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The request line and headers (up to the empty line); the body, if any, is pumped after. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toByteArray();
    }

    private static void pump(InputStream in, OutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            // connection closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
