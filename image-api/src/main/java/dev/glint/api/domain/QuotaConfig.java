package dev.glint.api.domain;

import io.smallrye.config.ConfigMapping;

/**
 * Per-project limits ({@code glint.quota.*}), named and measured like Glance's unified limits:
 * sizes in MiB, {@code -1} for no limit.
 */
@ConfigMapping(prefix = "glint.quota")
public interface QuotaConfig {

    /** Images a project may have (any status but deleted). */
    long imageCountTotal();

    /** MiB of image data a project may store. */
    long imageSizeTotal();

    /** MiB a project may hold in the staging area (interoperable import). */
    long imageStageTotal();

    /** Uploads and imports a project may run at once. */
    long imageCountUploading();
}
