package dev.glint.api.domain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Interoperable image import as image-api offers it ({@code glint.import.*}). */
@ConfigMapping(prefix = "glint.import")
public interface ImportConfig {

    /** The import methods offered, as {@code GET /v2/info/import} lists them. */
    @WithDefault("glance-direct,web-download,copy-image")
    List<String> methods();

    GlanceDownload glanceDownload();

    /** glance-download ({@code glint.import.glance-download.*}); offered only when {@link #methods()} names it. */
    interface GlanceDownload {

        /**
         * Region name -> base URL of that region's image service, for the auth modes without a
         * service catalog (noauth, trusted-headers); in keystone mode the caller's catalog is used
         * and this is ignored. Without a catalog and without this map glance-download cannot work,
         * and image-api refuses to start with it enabled.
         */
        Map<String, String> endpoints();

        /**
         * How long the caller's token is kept for the import when its expiry is unknown (modes
         * other than keystone); in keystone mode it is kept until the token expires.
         */
        @WithDefault("PT1H")
        Duration credentialLifetime();
    }
}
