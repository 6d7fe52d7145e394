package dev.glint.reliability.soak;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrowthTest {

    private static List<ResourceSampler.Sample> samples(long... heap) {
        List<ResourceSampler.Sample> samples = new ArrayList<>();
        for (long value : heap) {
            samples.add(new ResourceSampler.Sample(Instant.now(), "image-api", value, value, value, value, value));
        }
        return samples;
    }

    @Test
    void aSawtoothHeapDoesNotGrowAClimbingOneDoes() {
        List<ResourceSampler.Sample> sawtooth = samples(100, 300, 100, 300, 100, 300, 100, 300, 100, 300);
        assertFalse(Growth.of("image-api", "heap", sawtooth, ResourceSampler.Sample::heapBytes, true, 10).grew());
        List<ResourceSampler.Sample> climbing = samples(100, 300, 150, 350, 200, 400, 250, 450, 300, 500);
        assertTrue(Growth.of("image-api", "heap", climbing, ResourceSampler.Sample::heapBytes, true, 10).grew());
        assertFalse(Growth.of("image-api", "threads", samples(50, 50, 51, 52, 52), ResourceSampler.Sample::threads, false, 4)
                .grew());
    }
}
