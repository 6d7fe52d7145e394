package dev.glint.reliability.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.reliability.content.Content;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The Glance v2 calls the runs make, over one HTTP/1.1 client (image-api speaks HTTP/1.1 only).
 * Every call is recorded in the {@link RequestLog}; a call that gets no answer throws
 * {@link IOException}, which is what a fault looks like from a client.
 */
public final class GlanceApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATCH_TYPE = "application/openstack-images-v2.1-json-patch";

    private final URI base;
    private final HttpClient http;
    private final RequestLog log;
    private final Map<String, String> headers;
    private final Duration metadataTimeout;
    private final Duration dataTimeout;

    public GlanceApi(URI base, RequestLog log, Map<String, String> headers, Duration metadataTimeout,
            Duration dataTimeout) {
        this.base = base;
        this.log = log;
        this.headers = Map.copyOf(headers);
        this.metadataTimeout = metadataTimeout;
        this.dataTimeout = dataTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public URI base() {
        return base;
    }

    public Response createImage(Map<String, Object> attributes) throws IOException {
        return send("POST /v2/images", request("/v2/images", metadataTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(attributes))));
    }

    public Response image(String id) throws IOException {
        return send("GET /v2/images/{id}", request("/v2/images/" + id, metadataTimeout).GET());
    }

    public Response list(Map<String, String> query) throws IOException {
        StringJoiner joined = new StringJoiner("&", "?", "");
        joined.setEmptyValue("");
        query.forEach((key, value) -> joined.add(encode(key) + "=" + encode(value)));
        return send("GET /v2/images", request("/v2/images" + joined, metadataTimeout).GET());
    }

    /** {@code PUT /file}, with a Content-Length ({@code sized}) or chunked. */
    public Response upload(String id, Content content, boolean sized) throws IOException {
        return sendData(sized ? "PUT /file (sized)" : "PUT /file (chunked)", "/v2/images/" + id + "/file", content, sized);
    }

    public Response stage(String id, Content content, boolean sized) throws IOException {
        return sendData("PUT /stage", "/v2/images/" + id + "/stage", content, sized);
    }

    public Response importImage(String id, Map<String, Object> body) throws IOException {
        return send("POST /import", request("/v2/images/" + id + "/import", metadataTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Response imageTasks(String id) throws IOException {
        return send("GET /v2/images/{id}/tasks", request("/v2/images/" + id + "/tasks", metadataTimeout).GET());
    }

    public Response delete(String id) throws IOException {
        return send("DELETE /v2/images/{id}", request("/v2/images/" + id, metadataTimeout).DELETE());
    }

    public Response deactivate(String id) throws IOException {
        return send("POST /actions/deactivate", request("/v2/images/" + id + "/actions/deactivate", metadataTimeout)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response reactivate(String id) throws IOException {
        return send("POST /actions/reactivate", request("/v2/images/" + id + "/actions/reactivate", metadataTimeout)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response addTag(String id, String tag) throws IOException {
        return send("PUT /tags/{tag}", request("/v2/images/" + id + "/tags/" + encode(tag), metadataTimeout)
                .PUT(HttpRequest.BodyPublishers.noBody()));
    }

    public Response deleteTag(String id, String tag) throws IOException {
        return send("DELETE /tags/{tag}", request("/v2/images/" + id + "/tags/" + encode(tag), metadataTimeout)
                .DELETE());
    }

    public Response addMember(String id, String member) throws IOException {
        return send("POST /members", request("/v2/images/" + id + "/members", metadataTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of("member", member)))));
    }

    public Response deleteMember(String id, String member) throws IOException {
        return send("DELETE /members/{member}", request("/v2/images/" + id + "/members/" + encode(member),
                metadataTimeout).DELETE());
    }

    /** A JSON patch: each operation a map of op, path and value. */
    public Response patch(String id, List<Map<String, Object>> operations) throws IOException {
        return send("PATCH /v2/images/{id}", request("/v2/images/" + id, metadataTimeout)
                .header("Content-Type", PATCH_TYPE)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json(operations))));
    }

    /**
     * {@code GET /file}, compared with {@code expected} as it streams in. The answer is the status;
     * a 200's verification is in the result.
     */
    public Download download(String id, Content expected) throws IOException {
        long started = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request("/v2/images/" + id + "/file", dataTimeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            log.record("GET /file", -1, since(started), e.toString());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                log.record("GET /file", response.statusCode(), since(started), text);
                return new Download(response.statusCode(), null, text);
            }
            Content.Verification verification = expected.verify(body);
            log.record("GET /file", 200, since(started), "");
            return new Download(200, verification, "");
        } catch (IOException e) {
            log.record("GET /file", -1, since(started), e.toString());
            throw e;
        }
    }

    public record Download(int status, Content.Verification verification, String body) {
    }

    private Response sendData(String kind, String path, Content content, boolean sized) throws IOException {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofInputStream(content::open);
        if (sized) {
            body = HttpRequest.BodyPublishers.fromPublisher(body, content.size());
        }
        return send(kind, request(path, dataTimeout)
                .header("Content-Type", "application/octet-stream")
                .PUT(body));
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        headers.forEach(builder::header);
        return builder;
    }

    private Response send(String kind, HttpRequest.Builder builder) throws IOException {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            log.record(kind, response.statusCode(), since(started),
                    response.statusCode() >= 500 ? Response.abbreviate(response.body()) : "");
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            log.record(kind, -1, since(started), e.toString());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
