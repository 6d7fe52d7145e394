package dev.glint.e2e;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client of the Glance v2 API, as any user's own code would be (with a Keystone token, or none). */
final class GlanceHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;
    private final String token;

    GlanceHttp(String base) {
        this(base, null);
    }

    GlanceHttp(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Changes the image with JSON-patch {@code operations}; the image as it is then. */
    Map<String, Object> patch(Object id, java.util.List<Map<String, Object>> operations) {
        HttpResponse<String> response = send(request("/v2/images/" + id)
                .header("Content-Type", "application/openstack-images-v2.1-json-patch")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(write(operations))),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("patch gave " + response.statusCode() + ": " + response.body());
        }
        return read(response.body());
    }

    Map<String, Object> createImage(Map<String, Object> body) {
        HttpResponse<String> response = send(request("/v2/images")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new AssertionError("create gave " + response.statusCode() + ": " + response.body());
        }
        return read(response.body());
    }

    HttpResponse<String> upload(Object id, byte[] data) {
        return send(request("/v2/images/" + id + "/file")
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> stage(Object id, byte[] data) {
        return send(request("/v2/images/" + id + "/stage")
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Object body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> importImage(Object id, Map<String, Object> body) {
        return post("/v2/images/" + id + "/import", body);
    }

    /** The image's tasks, newest first. */
    @SuppressWarnings("unchecked")
    java.util.List<Map<String, Object>> tasksOf(Object id) {
        HttpResponse<String> response = get("/v2/images/" + id + "/tasks");
        if (response.statusCode() != 200) {
            throw new AssertionError("image tasks gave " + response.statusCode() + ": " + response.body());
        }
        return (java.util.List<Map<String, Object>>) read(response.body()).get("tasks");
    }

    /** Polls until the image's newest task has finished (success or failure), and returns it. */
    Map<String, Object> awaitTask(Object imageId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            java.util.List<Map<String, Object>> tasks = tasksOf(imageId);
            if (!tasks.isEmpty()) {
                Object status = tasks.get(0).get("status");
                if ("success".equals(status) || "failure".equals(status)) {
                    return tasks.get(0);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no finished task for image " + imageId + ": " + tasks);
            }
            ServiceProcess.sleep(200);
        }
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET(), HttpResponse.BodyHandlers.ofString());
    }

    Map<String, Object> image(Object id) {
        HttpResponse<String> response = get("/v2/images/" + id);
        if (response.statusCode() != 200) {
            throw new AssertionError("show gave " + response.statusCode() + ": " + response.body());
        }
        return read(response.body());
    }

    int status(Object id) {
        return get("/v2/images/" + id).statusCode();
    }

    HttpResponse<byte[]> download(Object id, String range) {
        HttpRequest.Builder request = request("/v2/images/" + id + "/file").GET();
        if (range != null) {
            request.header("Range", range);
        }
        return send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> delete(Object id) {
        return send(request("/v2/images/" + id).DELETE(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until the image has {@code status}; fails with the last status seen. */
    Map<String, Object> awaitStatus(Object id, String status, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> image = image(id);
        while (!status.equals(image.get("status")) && System.nanoTime() < deadline) {
            ServiceProcess.sleep(200);
            image = image(id);
        }
        if (!status.equals(image.get("status"))) {
            throw new AssertionError("image " + id + " is " + image.get("status") + ", expected " + status);
        }
        return image;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        return token == null ? request : request.header("X-Auth-Token", token);
    }

    private static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
        try {
            return HTTP.send(request.build(), handler);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + json, e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
