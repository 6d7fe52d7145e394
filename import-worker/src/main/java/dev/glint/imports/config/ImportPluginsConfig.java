package dev.glint.imports.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Which import plugins run ({@code glint.import.plugins}) and their settings; Glance's
 * {@code [image_import_opts] image_import_plugins} and {@code [image_conversion]}.
 */
@ConfigMapping(prefix = "glint.import")
public interface ImportPluginsConfig {

    /**
     * Plugins applied to imported data, in this order: {@code image-decompression},
     * {@code image-conversion} (Glance's underscore spellings are accepted too). None by default.
     */
    Optional<List<String>> plugins();

    Conversion conversion();

    /** The image-conversion plugin. */
    interface Conversion {

        /** Glance's {@code output_format}: raw, qcow2 or vmdk. */
        @WithDefault("raw")
        String outputFormat();

        /** The qemu-img program: a name looked up in PATH, or a path. */
        @WithDefault("qemu-img")
        String qemuImg();

        /**
         * Glance's {@code [image_format] vmdk_allowed_types}: VMDK create-types accepted. Others
         * (monolithicFlat, ...) name extent files that qemu-img would read from this host.
         */
        @WithDefault("streamOptimized,monolithicSparse")
        List<String> vmdkAllowedTypes();

        /** Longest {@code qemu-img convert} run before it is stopped and the import fails. */
        @WithDefault("1h")
        Duration timeout();
    }
}
