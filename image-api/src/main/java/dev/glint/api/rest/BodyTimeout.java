package dev.glint.api.rest;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.UUID;

/**
 * A metadata request whose body does not arrive in full (shorter than its Content-Length, or
 * trickling) is answered 400 and its connection closed, instead of holding the request open
 * until the idle timeout; nothing was changed since the call never ran. Image data is streamed
 * and bounded by the upload's own read failure, so it is left out.
 */
@ApplicationScoped
public class BodyTimeout {

    private final Duration timeout;
    private final Vertx vertx;

    public BodyTimeout(ApiConfig config, Vertx vertx) {
        this.timeout = config.bodyTimeout();
        this.vertx = vertx;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            HttpServerRequest request = context.request();
            String length = request.getHeader("Content-Length");
            String path = request.path();
            if (length != null && !"0".equals(length.trim()) && path != null && !path.endsWith("/file")
                    && !path.endsWith("/stage")) {
                long timer = vertx.setTimer(timeout.toMillis(), id -> refuse(request));
                context.addEndHandler(done -> vertx.cancelTimer(timer));
            }
            context.next();
        });
    }

    private static void refuse(HttpServerRequest request) {
        if (request.isEnded() || request.response().ended() || request.response().headWritten()) {
            return;
        }
        String body = Json.encode(ErrorMappers.body(400, "The request body ended before its "
                + "Content-Length, or did not arrive in time.", request.getHeader("Accept")));
        request.response().setStatusCode(400)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Openstack-Request-Id", "req-" + UUID.randomUUID())
                .putHeader("Connection", "close")
                .end(body)
                .onComplete(done -> request.connection().close());
    }
}
