package dev.glint.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Keystone (Debian's package, started by scripts/keystone.sh) and an image-api in keystone
 * mode next to the suite's services, started once per test JVM. Keystone gets projects glint-a and
 * glint-b with admin, member and reader users, a service user for Glint, and the image service in
 * its catalog pointing at that image-api in RegionOne, and at the suite's own (noauth) image-api in
 * RegionTwo, the second Glint glance-download imports from. Tokens live {@link #TOKEN_SECONDS}
 * seconds, so the tests see tokens expire and Glint renew its own.
 */
final class KeystoneSuite {

    static final int TOKEN_SECONDS = 40;
    static final int CACHE_SECONDS = 3;
    static final String ADMIN_PASSWORD = "admin-secret";
    static final String USER_PASSWORD = "glint-e2e-secret";
    static final String INSTALL = "apt-get install -y keystone uwsgi uwsgi-plugin-python3";
    private static final Path SCRIPT = Path.of("..", "scripts", "keystone.sh").toAbsolutePath().normalize();

    private static KeystoneSuite instance;

    final Path dir = Path.of("target", "keystone").toAbsolutePath();
    final int port = freePort();
    final ServiceProcess imageApi;

    private KeystoneSuite() {
        GlintSuite suite = GlintSuite.get();
        deleteTree(dir);
        start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
        Map<String, String> env = new HashMap<>(suite.infrastructure.environment());
        env.put("GLINT_API_ACTIVATION_TIMEOUT", "5s");
        env.put("GLINT_AUTH_MODE", "keystone");
        env.put("GLINT_AUTH_KEYSTONE_URL", authUrl());
        env.put("GLINT_AUTH_KEYSTONE_USERNAME", "glint");
        env.put("GLINT_AUTH_KEYSTONE_PASSWORD", USER_PASSWORD);
        env.put("GLINT_AUTH_KEYSTONE_PROJECT_NAME", "service");
        env.put("GLINT_AUTH_KEYSTONE_CACHE_TIME", "PT" + CACHE_SECONDS + "S");
        env.put("GLINT_AUTH_KEYSTONE_TIMEOUT", "PT3S");
        env.put("GLINT_IMPORT_METHODS", "glance-direct,web-download,copy-image,glance-download");
        imageApi = new ServiceProcess("image-api#keystone", env);
        python("keystone_setup.py", authUrl(), ADMIN_PASSWORD, imageApi.url(), USER_PASSWORD, suite.imageApi.url());
        imageApi.start();
        Runtime.getRuntime().addShutdownHook(new Thread(imageApi::stop));
        imageApi.awaitReady(Duration.ofSeconds(180));
    }

    /** Skips outside CI, fails in CI, when Keystone or the clients are not installed. */
    static synchronized KeystoneSuite get() {
        DebianClients.require();
        if (!installed()) {
            String message = "Keystone is not installed; install it with: " + INSTALL;
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        if (instance == null) {
            instance = new KeystoneSuite();
        }
        return instance;
    }

    private static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/keystone-manage")) && Files.isExecutable(Path.of("/usr/bin/uwsgi"))
                && Files.exists(Path.of("/usr/lib/uwsgi/plugins/python3_plugin.so"));
    }

    String authUrl() {
        return "http://127.0.0.1:" + port + "/v3";
    }

    /** A new token of member-a (project glint-a), straight from Keystone. */
    String memberToken() {
        String body = """
                {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "member-a",
                  "domain": {"name": "Default"}, "password": "%s"}}},
                  "scope": {"project": {"name": "glint-a", "domain": {"name": "Default"}}}}}
                """.formatted(USER_PASSWORD);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(authUrl() + "/auth/tokens"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            Assertions.assertEquals(201, response.statusCode(), response.body());
            return response.headers().firstValue("X-Subject-Token").orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void start() {
        Command.succeed(List.of(SCRIPT.toString(), "start", dir.toString(), String.valueOf(port)),
                Map.of("KEYSTONE_TOKEN_EXPIRATION", String.valueOf(TOKEN_SECONDS),
                        "KEYSTONE_ADMIN_PASSWORD", ADMIN_PASSWORD),
                Duration.ofSeconds(300));
    }

    void stop() {
        Command.run(List.of(SCRIPT.toString(), "stop", dir.toString()), Map.of(), Duration.ofSeconds(60));
    }

    static String python(String script, String... arguments) {
        try {
            Path file = Files.createTempFile("glint-" + script.replace(".py", ""), ".py");
            try (InputStream in = KeystoneSuite.class.getResourceAsStream("/clients/" + script)) {
                Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3", file.toString()));
            command.addAll(List.of(arguments));
            try {
                return Command.succeed(command, Map.of(), Duration.ofSeconds(600));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
