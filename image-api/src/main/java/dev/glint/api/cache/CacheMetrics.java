package dev.glint.api.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The image cache at {@code /q/metrics}: {@code glint_cache_hits_total} and
 * {@code glint_cache_misses_total} (downloads of active images served from the cache, or not),
 * {@code glint_cache_served_bytes_total} (bytes sent from cached files),
 * {@code glint_cache_evictions_total} (files removed, by {@code reason}: {@code size} for room,
 * {@code image_gone} when the image is no longer active, {@code corrupt} when a file failed
 * verification, {@code missing} when it vanished from disk, {@code api} by the cache API),
 * {@code glint_cache_fills_total} (by {@code outcome}: {@code cached}, {@code mismatch} when the
 * data read did not match the image's hashes, {@code incomplete} when the read ended early,
 * {@code failed}) and the gauges {@code glint_cache_size_bytes} and {@code glint_cache_images}.
 */
final class CacheMetrics {

    private final MeterRegistry registry;
    private final Counter hits;
    private final Counter misses;
    private final Counter servedBytes;

    CacheMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.hits = Counter.builder("glint.cache.hits").description("Downloads served from the image cache")
                .register(registry);
        this.misses = Counter.builder("glint.cache.misses")
                .description("Downloads of active images the image cache could not serve").register(registry);
        this.servedBytes = Counter.builder("glint.cache.served").baseUnit("bytes")
                .description("Bytes sent from the image cache").register(registry);
    }

    void gauges(Supplier<Number> bytes, Supplier<Number> images) {
        Gauge.builder("glint.cache.size", bytes).baseUnit("bytes").description("Bytes of image data in the cache")
                .register(registry);
        Gauge.builder("glint.cache.images", images).description("Images in the cache").register(registry);
    }

    void hit() {
        hits.increment();
    }

    void miss() {
        misses.increment();
    }

    void served(long bytes) {
        servedBytes.increment(bytes);
    }

    void evicted(String reason) {
        Counter.builder("glint.cache.evictions").description("Files removed from the image cache")
                .tag("reason", reason).register(registry).increment();
    }

    void filled(String outcome) {
        Counter.builder("glint.cache.fills").description("Attempts to put an image into the cache")
                .tag("outcome", outcome).register(registry).increment();
    }
}
