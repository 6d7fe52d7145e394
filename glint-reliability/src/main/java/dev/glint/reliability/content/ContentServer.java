package dev.glint.reliability.content;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The web server web-download imports read from: {@code GET /content/<seed>/<size>} answers with
 * that {@link Content}, streamed, on loopback. A download cut off by a killed import-worker just
 * ends here.
 */
public final class ContentServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "content-server");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong served = new AtomicLong();

    private ContentServer(HttpServer server) {
        this.server = server;
    }

    public static ContentServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ContentServer content = new ContentServer(server);
        server.createContext("/content/", content::serve);
        server.setExecutor(content.executor);
        server.start();
        return content;
    }

    public String url(Content content) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/content/" + content.seed() + "/" + content.size();
    }

    public long bytesServed() {
        return served.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            Content content;
            try {
                content = new Content(Long.parseLong(parts[2]), Long.parseLong(parts[3]));
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, content.size() == 0 ? -1 : content.size());
            try (InputStream in = content.open(); OutputStream out = exchange.getResponseBody()) {
                served.addAndGet(in.transferTo(out));
            }
        } catch (IOException e) {
            // The importer went away mid-download (a fault): nothing to do here.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
