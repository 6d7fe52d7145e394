package dev.glint.infra;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * A stand-in service for the supervisor tests: {@code FakeService PORT} answers every HTTP request
 * with 200 on loopback until it is killed; it exits with code 1 when its port is taken.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 16);
        } catch (IOException e) {
            System.err.println("Port " + args[0] + " seems to be in use: " + e);
            System.exit(1);
            return;
        }
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        System.out.println("fake service listening on " + args[0]);
    }

    /** {@code java -cp <test classes> dev.glint.infra.FakeService PORT}. */
    static List<String> command(int port) {
        try {
            String classes = Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            return List.of(ServerRuntime.javaExecutable(), "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", classes,
                    FakeService.class.getName(), String.valueOf(port));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
