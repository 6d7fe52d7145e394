package dev.glint.api.rest;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Behaviour of the HTTP API ({@code glint.api.*}). */
@ConfigMapping(prefix = "glint.api")
public interface ApiConfig {

    /** How long PUT /file waits for the upload-worker to activate the image. */
    Duration activationTimeout();

    int listLimitDefault();

    int listLimitMax();
}
