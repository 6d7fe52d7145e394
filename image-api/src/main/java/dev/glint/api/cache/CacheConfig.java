package dev.glint.api.cache;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The local image cache of one image-api ({@code glint.cache.*}; Glance's {@code image_cache_dir}
 * and {@code image_cache_max_size}). Off by default, as Glance's cache is off unless its pipeline
 * has the cache middleware.
 */
@ConfigMapping(prefix = "glint.cache")
public interface CacheConfig {

    /** Whether downloads are served from, and fill, the cache, and whether the cache API works (404 otherwise). */
    @WithDefault("false")
    boolean enabled();

    /** Glance's image_cache_dir: a directory on local disk, this replica's own; required when enabled. */
    Optional<String> dir();

    /** Glance's image_cache_max_size in bytes (10 GiB, Glance's default): least recently used images go first. */
    @WithDefault("10737418240")
    long maxSize();

    /**
     * How long a queued image waits before a worker caches it. Glance's prefetcher works the queue
     * every {@code cache_prefetcher_interval}; a short wait keeps an image visible in the queue
     * for the caller that just queued it, as in Glance.
     */
    @WithDefault("2s")
    Duration prefetchDelay();

    /** Queued images cached at the same time. */
    @WithDefault("1")
    int prefetchWorkers();

    /**
     * How much of a download may wait for the cache's disk (64 MiB). The copy is written beside the
     * download; one that falls further behind is given up, so that the download keeps the store's
     * speed, and the image is queued to be cached from the store instead.
     */
    @WithDefault("67108864")
    long fillBuffer();

    /** How often cached and queued images are checked against the database (images deleted while an event was missed). */
    @WithDefault("5m")
    Duration sweepInterval();
}
