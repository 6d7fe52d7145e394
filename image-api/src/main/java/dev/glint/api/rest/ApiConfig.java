package dev.glint.api.rest;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Behaviour of the HTTP API ({@code glint.api.*}), including the bounds on hostile input. */
@ConfigMapping(prefix = "glint.api")
public interface ApiConfig {

    /** How long PUT /file waits for the upload-worker to activate the image. */
    Duration activationTimeout();

    int listLimitDefault();

    int listLimitMax();

    /** Largest JSON body of a metadata call (image data is streamed and not bound by it). */
    int maxBodyBytes();

    int maxJsonDepth();

    int maxPatchOperations();

    int maxQueryParameters();

    /** Total size of a request's header lines (names and values); more is 431. */
    int maxHeaderBytes();

    /** How long the body of a metadata request may take to arrive in full. */
    Duration bodyTimeout();

    /**
     * How long a new connection's first request line and headers may take to arrive; read by
     * {@code dev.glint.api.http.RequestHeadGuard}, which runs before this mapping exists.
     */
    Duration requestHeadTimeout();
}
