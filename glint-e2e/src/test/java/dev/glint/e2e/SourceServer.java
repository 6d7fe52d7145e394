package dev.glint.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A web server on loopback for web-download imports: serves registered bytes, whole or slowly (a
 * chunk at a time), or stalls after the first chunk, and answers 404 for anything else.
 */
final class SourceServer implements AutoCloseable {

    private record Source(byte[] data, int chunk, long pauseMillis, boolean stall) {
    }

    private final HttpServer server;
    private final Map<String, Source> sources = new ConcurrentHashMap<>();

    SourceServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::serve);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    String serve(String path, byte[] data) {
        sources.put(path, new Source(data, data.length, 0, false));
        return url(path);
    }

    /** Sends {@code chunk} bytes, then pauses, until all is sent. */
    String serveSlowly(String path, byte[] data, int chunk, long pauseMillis) {
        sources.put(path, new Source(data, chunk, pauseMillis, false));
        return url(path);
    }

    /** Sends the first {@code chunk} bytes and then nothing, holding the connection open. */
    String serveAndStall(String path, byte[] data, int chunk) {
        sources.put(path, new Source(data, chunk, 0, true));
        return url(path);
    }

    private void serve(HttpExchange exchange) throws IOException {
        Source source = sources.get(exchange.getRequestURI().getPath());
        if (source == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            // What the http store asks an image location for: the size, no body.
            exchange.getResponseHeaders().add("Content-Length", String.valueOf(source.data().length));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(200, source.data().length);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int offset = 0; offset < source.data().length; offset += source.chunk()) {
                out.write(source.data(), offset, Math.min(source.chunk(), source.data().length - offset));
                out.flush();
                if (source.stall()) {
                    Thread.sleep(600_000);
                }
                if (source.pauseMillis() > 0) {
                    Thread.sleep(source.pauseMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the importer gave up on the download
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
