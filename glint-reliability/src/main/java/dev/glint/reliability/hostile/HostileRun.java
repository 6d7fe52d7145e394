package dev.glint.reliability.hostile;

import dev.glint.reliability.api.GlanceApi;
import dev.glint.reliability.api.RequestLog;
import dev.glint.reliability.api.Response;
import dev.glint.reliability.content.Content;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends the {@link HostileCases} corpus to image-api (trusted-headers mode) and holds every answer
 * to what it must be: a wrong request a 4xx (a closed connection for broken framing), an odd one at
 * least no 5xx, and every request an answer within the timeout; image-api must answer
 * {@code /versions} throughout.
 */
public final class HostileRun {

    /** Per class of input: requests, how they were answered, and the requests that broke a rule. */
    public static final class Category {
        long requests;
        long clientErrors;
        long successes;
        long closed;
        long serverErrors;
        long hung;
        final List<String> failures = new ArrayList<>();

        public long requests() {
            return requests;
        }

        public long clientErrors() {
            return clientErrors;
        }

        public long successes() {
            return successes;
        }

        public long closed() {
            return closed;
        }

        public long serverErrors() {
            return serverErrors;
        }

        public long hung() {
            return hung;
        }

        public List<String> failures() {
            return failures;
        }
    }

    public record Result(Map<String, Category> categories, long requests, long failures, boolean stayedUp,
                         List<String> examples) {
    }

    private static final int PARALLEL = 4;

    private final URI api;
    private final Duration timeout;

    public HostileRun(URI api, Duration timeout) {
        this.api = api;
        this.timeout = timeout;
    }

    public Result run() throws Exception {
        String project = "hostile-" + UUID.randomUUID();
        Map<String, String> identity = Map.of("X-Identity-Status", "Confirmed", "X-Project-Id", project,
                "X-User-Id", "hostile-user", "X-Roles", "admin,member,reader");
        GlanceApi client = new GlanceApi(api, new RequestLog(null), identity, Duration.ofMinutes(1), Duration.ofMinutes(5));
        String queued = create(client, "hostile-queued");
        String active = create(client, "hostile-active");
        Response uploaded = client.upload(active, new Content(7, 4096), true);
        if (uploaded.status() != 204) {
            throw new IllegalStateException("could not upload the fixture image: " + uploaded);
        }
        List<HostileCase> cases = HostileCases.all(new HostileCases.Fixtures(project, queued, active));
        RawHttp http = new RawHttp(api.getHost(), api.getPort(), timeout);
        Map<String, Category> categories = new TreeMap<>();
        boolean stayedUp = true;
        ExecutorService executor = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<RawHttp.Answer>> answers = new ArrayList<>();
            for (HostileCase hostile : cases) {
                answers.add(executor.submit(() -> http.send(hostile.request())));
            }
            for (int i = 0; i < cases.size(); i++) {
                HostileCase hostile = cases.get(i);
                RawHttp.Answer answer = answers.get(i).get();
                record(categories.computeIfAbsent(hostile.category(), key -> new Category()), hostile, answer);
                if (i % 200 == 199 && !alive(http)) {
                    stayedUp = false;
                }
            }
        } finally {
            executor.shutdownNow();
        }
        stayedUp &= alive(http);
        long failures = categories.values().stream().mapToLong(category -> category.failures.size()).sum();
        List<String> examples = new ArrayList<>();
        categories.forEach((name, category) -> category.failures.stream().limit(8).forEach(failure -> examples.add(name + ": " + failure)));
        return new Result(categories, cases.size(), failures, stayedUp, examples);
    }

    private static String create(GlanceApi client, String name) throws IOException {
        Response created = client.createImage(Map.of("name", name, "disk_format", "raw", "container_format", "bare"));
        if (created.status() != 201) {
            throw new IllegalStateException("could not create the fixture image " + name + ": " + created);
        }
        return (String) created.json().get("id");
    }

    private static boolean alive(RawHttp http) {
        RawHttp.Answer answer = http.send("GET /versions HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return answer.status() == 200 || answer.status() == 300;
    }

    private static void record(Category category, HostileCase hostile, RawHttp.Answer answer) {
        category.requests++;
        String problem = null;
        if (answer.hung()) {
            category.hung++;
            problem = "no answer and the connection left open";
        } else if (answer.status() >= 500) {
            category.serverErrors++;
            problem = "HTTP " + answer.status();
        } else if (answer.status() >= 400) {
            category.clientErrors++;
        } else if (answer.status() > 0) {
            category.successes++;
            if (hostile.refused()) {
                problem = "HTTP " + answer.status() + " for a request that must be refused";
            }
        } else {
            category.closed++;
            if (!hostile.category().equals("framing") && !hostile.category().equals("limits")) {
                problem = "connection closed without an answer";
            }
        }
        if (problem != null) {
            category.failures.add(hostile.description() + ": " + problem);
        }
    }
}
