package dev.glint.api.domain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Interoperable image import as image-api offers it ({@code glint.import.*}). */
@ConfigMapping(prefix = "glint.import")
public interface ImportConfig {

    /** The import methods offered, as {@code GET /v2/info/import} lists them. */
    @WithDefault("glance-direct,web-download,copy-image")
    List<String> methods();
}
