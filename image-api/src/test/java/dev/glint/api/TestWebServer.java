package dev.glint.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small web server on loopback for the http store's tests: serves the bytes put under a path
 * (HEAD and GET, with byte ranges unless the path was put without), answers 404 for anything else,
 * and remembers every request it got ("METHOD path Range").
 */
final class TestWebServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private record Content(byte[] data, boolean ranges) {
    }

    private final HttpServer server;
    private final Map<String, Content> contents = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    TestWebServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code data} at {@code path}; the URL to it. */
    String put(String path, byte[] data, boolean ranges) {
        contents.put(path, new Content(data, ranges));
        return url(path);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void remove(String path) {
        contents.remove(path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        requests.add(exchange.getRequestMethod() + " " + path + (range == null ? "" : " " + range));
        Content content = contents.get(path);
        try (exchange) {
            if (content == null || !List.of("GET", "HEAD").contains(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(content == null ? 404 : 405, -1);
                return;
            }
            byte[] data = content.data();
            int first = 0;
            int last = data.length - 1;
            int status = 200;
            Matcher matcher = range == null ? null : RANGE.matcher(range);
            if (content.ranges() && matcher != null && matcher.matches()) {
                first = Integer.parseInt(matcher.group(1));
                last = matcher.group(2).isEmpty() ? last : Math.min(last, Integer.parseInt(matcher.group(2)));
                status = 206;
                exchange.getResponseHeaders().add("Content-Range", "bytes " + first + "-" + last + "/" + data.length);
            }
            int length = last - first + 1;
            exchange.getResponseHeaders().add("Content-Length", String.valueOf(length));
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(data, first, length);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
