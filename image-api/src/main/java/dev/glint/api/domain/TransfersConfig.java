package dev.glint.api.domain;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** How transfers of image data into Glint are kept track of ({@code glint.api.transfers.*}). */
@ConfigMapping(prefix = "glint.api.transfers")
public interface TransfersConfig {

    /** How often a running transfer's heartbeat is written. */
    Duration heartbeatInterval();

    /**
     * How long a transfer's heartbeat may stand still before its image is given back as queued; well
     * above the heartbeat interval, so that a slow database does not cost a live upload.
     */
    Duration abandonedAfter();

    /** How often image-api looks for abandoned transfers. */
    Duration sweepInterval();
}
