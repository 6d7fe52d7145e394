package dev.glint.api.rest;

import dev.glint.api.domain.ApiException;
import dev.glint.api.domain.DownloadService;
import dev.glint.api.domain.ImageData;
import dev.glint.api.domain.UploadService;
import dev.glint.api.identity.CurrentCaller;
import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.storage.http.HttpStoreException;
import dev.glint.api.identity.Caller;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;

/** Image data: {@code PUT} and {@code GET /v2/images/{id}/file}, streamed both ways. */
@Path("/v2/images/{id}/file")
public class ImageDataResource {

    private final UploadService uploads;
    private final DownloadService downloads;
    private final CurrentCaller caller;
    private final ApiConfig config;
    private final ImageDataBodies bodies;

    public ImageDataResource(UploadService uploads, DownloadService downloads, CurrentCaller caller,
            ApiConfig config, ImageDataBodies bodies) {
        this.bodies = bodies;
        this.uploads = uploads;
        this.downloads = downloads;
        this.caller = caller;
        this.config = config;
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @NonBlocking
    public Uni<Response> upload(@PathParam("id") String id, @HeaderParam("Content-Type") String contentType,
            @HeaderParam("Content-Length") String contentLength, @HeaderParam("X-Image-Meta-Store") String store,
            @Context HttpServerRequest request) {
        Caller uploader = caller.get();
        return bodies.read(request, contentType, contentLength, "image data", (data, declared) ->
                        uploads.upload(uploader, id, declared, data, config.activationTimeout(), store))
                .map(outcome -> {
                    if (outcome == ImageStatus.KILLED) {
                        throw ApiException.unavailable("The stored image data failed verification; the image is killed.");
                    }
                    return Response.noContent().build();
                });
    }

    @GET
    @Blocking
    public Response download(@PathParam("id") String id, @HeaderParam("Range") String range) {
        ImageData data = downloads.locate(caller.get(), id);
        ImageLocationRecord location = data.location();
        if (location == null) {
            return Response.noContent().build();
        }
        long size = location.size;
        ByteRange requested = range == null ? null : ByteRange.parse(range, size);
        long offset = requested == null ? 0 : requested.first();
        long length = requested == null ? size : requested.length();
        // Opened before the answer starts, so that a location that cannot be read gets Glance's status.
        InputStream body = open(data, offset, length);
        if (body == null) {
            // Glance answers 204 when the store no longer has the data.
            return Response.noContent().build();
        }
        StreamingOutput stream = output -> {
            try (InputStream in = body) {
                in.transferTo(output);
            }
        };
        Response.ResponseBuilder response = Response.status(requested == null ? 200 : 206)
                .entity(stream)
                .type(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("Content-Length", length);
        if (requested != null) {
            response.header("Content-Range", "bytes " + requested.first() + "-" + requested.last() + "/" + size);
        } else if (data.image().checksum != null) {
            // Glance sends the hex MD5 here, and glanceclient checks the download against it.
            response.header("Content-MD5", data.image().checksum);
        }
        return response.build();
    }

    /** The opened data; null when the http location no longer has it. */
    private InputStream open(ImageData data, long offset, long length) {
        try {
            return downloads.open(data, offset, length);
        } catch (HttpStoreException e) {
            if (e.reason() == HttpStoreException.Reason.NOT_FOUND) {
                return null;
            }
            throw ApiException.unavailable("The image data could not be read from its location: " + e.getMessage());
        }
    }
}
