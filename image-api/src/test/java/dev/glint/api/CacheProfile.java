package dev.glint.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * image-api with its image cache on, in a fresh directory, with room for two of ImageCacheApiTest's
 * 1000-byte images and not three, so that a third evicts the least recently used. Queued images
 * wait 2 s before a worker caches them, so a test can still see them queued.
 */
public class CacheProfile implements QuarkusTestProfile {

    static final int MAX_SIZE = 2500;

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            return Map.ofEntries(
                    Map.entry("glint.auth.mode", "trusted-headers"),
                    Map.entry("glint.cache.enabled", "true"),
                    Map.entry("glint.cache.dir", Files.createTempDirectory("glint-cache-test").toString()),
                    Map.entry("glint.cache.max-size", Integer.toString(MAX_SIZE)),
                    Map.entry("glint.cache.prefetch-delay", "2s"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
