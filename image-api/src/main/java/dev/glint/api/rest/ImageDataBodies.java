package dev.glint.api.rest;

import dev.glint.api.domain.ApiException;
import dev.glint.api.domain.Quotas;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.function.BiFunction;

/**
 * The request body of {@code PUT /file} and {@code PUT /stage}: checked (content type, declared
 * size against the cap), then read on a worker thread straight from the connection (see
 * {@link RequestBodyStream}), capped at the image size cap, and drained when the call ends.
 */
@ApplicationScoped
public class ImageDataBodies {

    /** Request data queued ahead of the reader before the connection is paused, and resumed below. */
    private static final long BODY_HIGH_WATER = 8 << 20;
    private static final long BODY_LOW_WATER = 2 << 20;

    private final Quotas quotas;
    private final ApiConfig config;

    public ImageDataBodies(Quotas quotas, ApiConfig config) {
        this.quotas = quotas;
        this.config = config;
    }

    /**
     * Runs {@code work} with the body and its declared size (-1 when unknown) on a worker thread;
     * {@code what} names the data in the 415 message ("image data", "staged data").
     */
    public <T> Uni<T> read(HttpServerRequest request, String contentType, String contentLength, String what,
            BiFunction<InputStream, Long, T> work) {
        if (contentType == null || !MediaType.APPLICATION_OCTET_STREAM_TYPE.isCompatible(MediaType.valueOf(contentType))) {
            throw ApiException.unsupportedMediaType("The Content-Type of " + what + " must be application/octet-stream, not "
                    + contentType);
        }
        long declared = declaredSize(contentLength);
        if (declared > quotas.sizeCap()) {
            throw Quotas.tooLarge(declared);
        }
        RequestBodyStream body = new RequestBodyStream(request, BODY_HIGH_WATER, BODY_LOW_WATER,
                config.bodyTimeout().toMillis());
        CappedInputStream capped = new CappedInputStream(body, quotas.sizeCap());
        return Uni.createFrom().item(() -> work.apply(capped, declared))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onTermination().invoke(body::discardRest)
                .onFailure(ApiException.class).transform(e -> capped.exceeded()
                        ? new ApiException(413, "Image exceeds the size cap of " + quotas.sizeCap() + " bytes.")
                        : e);
    }

    private static long declaredSize(String contentLength) {
        if (contentLength == null) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid Content-Length " + contentLength);
        }
    }
}
