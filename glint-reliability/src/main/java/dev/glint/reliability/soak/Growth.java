package dev.glint.reliability.soak;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Whether a resource grew after the warm-up: its level over the first fifth of the measured time
 * against its level over the last fifth. Levels are averages, except for the heap, whose level is
 * its lowest value (what is left after a collection: the heap in use swings with every GC). A
 * resource grew when it rose by more than 10 % and more than a small absolute slack.
 */
public record Growth(String unit, String resource, double first, double last, boolean grew) {

    public static Growth of(String unit, String resource, List<ResourceSampler.Sample> samples,
            ToLongFunction<ResourceSampler.Sample> value, boolean floor, double slack) {
        int window = Math.max(1, samples.size() / 5);
        double first = level(samples.subList(0, Math.min(window, samples.size())), value, floor);
        double last = level(samples.subList(Math.max(0, samples.size() - window), samples.size()), value, floor);
        boolean grew = last > first * 1.10 && last - first > slack;
        return new Growth(unit, resource, first, last, grew);
    }

    private static double level(List<ResourceSampler.Sample> window, ToLongFunction<ResourceSampler.Sample> value,
            boolean floor) {
        if (window.isEmpty()) {
            return 0;
        }
        return floor ? window.stream().mapToLong(value).min().orElse(0)
                : window.stream().mapToLong(value).average().orElse(0);
    }
}
