package dev.glint.reliability.workload;

import java.util.Random;

/**
 * Image sizes between the run's bounds, most of them small: 60 % up to 4 MiB, 25 % up to 32 MiB,
 * 15 % up to the maximum, each band log-uniform, so a run has many uploads and still large ones.
 */
final class Sizes {

    private final long min;
    private final long max;

    Sizes(long min, long max) {
        if (min <= 0 || max < min) {
            throw new IllegalArgumentException("sizes must satisfy 0 < min <= max, not " + min + ".." + max);
        }
        this.min = min;
        this.max = max;
    }

    long next(Random random) {
        double band = random.nextDouble();
        long upper = band < 0.60 ? 4 * WorkloadOptions.MIB : band < 0.85 ? 32 * WorkloadOptions.MIB : max;
        long lower = band < 0.60 ? min : band < 0.85 ? 4 * WorkloadOptions.MIB : 32 * WorkloadOptions.MIB;
        lower = Math.max(min, Math.min(lower, max));
        upper = Math.max(lower, Math.min(upper, max));
        double logLow = Math.log(lower);
        double logHigh = Math.log(upper);
        long size = Math.round(Math.exp(logLow + random.nextDouble() * (logHigh - logLow)));
        // Not a multiple of anything: part boundaries and buffer sizes get odd remainders.
        return Math.max(min, Math.min(max, size + random.nextInt(4096)));
    }
}
