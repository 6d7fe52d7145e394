package dev.glint.reliability.workload;

import java.time.Duration;

/**
 * How hard the clients push: how many, for how long, how large the images get, and how long a
 * client waits for an import before it calls the outcome unknown.
 *
 * @param maxLiveImages past this many images not yet deleted, clients delete rather than create
 * @param storeCopies   copy-image needs a second store; false leaves it out
 */
public record WorkloadOptions(int clients, Duration duration, long minSizeBytes, long maxSizeBytes,
                              Duration importWait, int maxLiveImages, boolean storeCopies, String secondStore) {

    public static final long MIB = 1024L * 1024L;
}
