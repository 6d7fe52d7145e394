package dev.glint.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code ./glint up} gives image-api besides the servers' addresses. */
class GlintUpTest {

    @Test
    void imageApiCachesInTheDataDirectoryUnlessTheCallerSaysOtherwise() {
        Path data = Path.of("/tmp/glint-data");
        assertEquals(Map.of("GLINT_CACHE_ENABLED", "true", "GLINT_CACHE_DIR", "/tmp/glint-data/image-cache"),
                GlintUp.imageCache(data, Map.of()));
        assertEquals(Map.of("GLINT_CACHE_DIR", "/tmp/glint-data/image-cache"),
                GlintUp.imageCache(data, Map.of("GLINT_CACHE_ENABLED", "false")));
        assertEquals(Map.of(), GlintUp.imageCache(data, Map.of("GLINT_CACHE_ENABLED", "true", "GLINT_CACHE_DIR", "/ssd")));
    }
}
