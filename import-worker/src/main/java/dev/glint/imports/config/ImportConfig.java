package dev.glint.imports.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the import-worker runs imports ({@code glint.import.*}): how many at once, how often they
 * report progress, and which import plugins run (Glance's {@code [image_import_opts]
 * image_import_plugins} and {@code [image_conversion]}).
 */
@ConfigMapping(prefix = "glint.import")
public interface ImportConfig {

    /**
     * Plugins applied to imported data, in this order: {@code image-decompression},
     * {@code image-conversion} (Glance's underscore spellings are accepted too). None by default.
     */
    Optional<List<String>> plugins();

    Conversion conversion();

    GlanceDownload glanceDownload();

    /**
     * Glance's {@code image_size_cap}, as image-api's {@code glint.images.size-cap}: an import
     * whose data (after decompression) grows past it fails.
     */
    @WithName("size-cap")
    @WithDefault("1099511627776")
    long sizeCap();

    /** Imports one worker runs at once; more wait their turn. */
    @WithDefault("2")
    int concurrency();

    /** How often a running import reports progress (its heartbeat). */
    @WithDefault("PT2S")
    Duration progressInterval();

    /** Glance's os_hash_value algorithm, as image-api's {@code glint.images.hash-algorithm}. */
    @WithDefault("sha512")
    String hashAlgorithm();

    /** glance-download ({@code glint.import.glance-download.*}). */
    interface GlanceDownload {

        /**
         * Glance's {@code [glance_download_properties] extra_properties}: prefixes of the remote
         * image's properties copied onto the local image (overwriting its own); the others are not.
         * Names starting with {@code os_glance} are Glance's own and never copied.
         */
        @WithDefault("hw_,trait:,os_distro,os_secure_boot,os_type")
        List<String> properties();
    }

    /**
     * The image-conversion plugin. Which images it refuses before qemu-img runs (among them the
     * VMDK create types, Glance's {@code vmdk_allowed_types}) is {@code glint.image-format.*}.
     */
    interface Conversion {

        /** Glance's {@code output_format}: raw, qcow2 or vmdk. */
        @WithDefault("raw")
        String outputFormat();

        /** The qemu-img program: a name looked up in PATH, or a path. */
        @WithDefault("qemu-img")
        String qemuImg();

        /** Longest {@code qemu-img convert} run before it is stopped and the import fails. */
        @WithDefault("1h")
        Duration timeout();
    }
}
