package dev.glint.scrubber.domain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The scrubber's settings ({@code glint.scrubber.*}); Glance's names where Glance has the option. */
@ConfigMapping(prefix = "glint.scrubber")
public interface ScrubberConfig {

    /** Glance's {@code scrub_time}: seconds between the delete and the removal of the data. */
    @WithDefault("0")
    long scrubTime();

    /** Glance's {@code wakeup_time}: how often the database is swept for due images. */
    @WithDefault("30s")
    String wakeupTime();

    /** Glance's {@code scrub_pool_size}: images one scrubber scrubs at the same time. */
    @WithDefault("1")
    int poolSize();

    /** How long an image whose data could not be removed waits before the next attempt. */
    @WithDefault("PT1M")
    Duration retryDelay();

    /** Rows of images deleted longer ago than this are purged (Glance's {@code db purge}). */
    @WithDefault("P30D")
    Duration purgeDeletedAfter();

    Reconcile reconcile();

    /** Finding and removing stored data that nothing owns. */
    interface Reconcile {

        @WithDefault("true")
        boolean enabled();

        /** How often reconciliation and the purge run. */
        @WithDefault("1h")
        String interval();

        /**
         * Objects younger than this are never touched: an upload writes its object before the
         * location row exists, so only age tells a slow upload from a leftover.
         */
        @WithDefault("PT24H")
        Duration gracePeriod();

        /** Only report what would be removed or purged. */
        @WithDefault("false")
        boolean dryRun();

        /** Staged data older than this is removed even though its image still waits for an import. */
        @WithDefault("P7D")
        Duration stagedMaxAge();

        /** Key prefixes of image data, each followed by {@code <image id>/}. */
        @WithDefault("images/")
        List<String> imagePrefixes();

        /** Key prefixes of the staging area, each followed by {@code <image id>/}. */
        @WithDefault("staging/")
        List<String> stagingPrefixes();
    }
}
