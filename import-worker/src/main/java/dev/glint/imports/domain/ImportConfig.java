package dev.glint.imports.domain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the import-worker runs imports ({@code glint.import.*}). */
@ConfigMapping(prefix = "glint.import")
public interface ImportConfig {

    /** Imports one worker runs at once; more wait their turn (their task shows it). */
    @WithDefault("2")
    int concurrency();

    /** How often a running import reports progress (its heartbeat). */
    @WithDefault("PT2S")
    Duration progressInterval();

    /** Glance's os_hash_value algorithm, as image-api's {@code glint.images.hash-algorithm}. */
    @WithDefault("sha512")
    String hashAlgorithm();
}
