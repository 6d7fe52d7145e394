package dev.glint.format;

import java.util.Random;

/**
 * How fast the inspector reads: 2 GiB of random data (raw) in 1 MiB chunks, five rounds. Not a
 * test (speed is never asserted); docs/image-format.md has the one command that runs it, and the figures.
 */
public final class InspectorThroughput {

    private InspectorThroughput() {
    }

    public static void main(String[] args) {
        byte[] chunk = new byte[1 << 20];
        new Random(1).nextBytes(chunk);
        for (int round = 1; round <= 5; round++) {
            long started = System.nanoTime();
            FormatInspector inspector = new FormatInspector(FormatRules.defaults(), "raw", "bare");
            for (int i = 0; i < 2048; i++) {
                inspector.update(chunk, 0, chunk.length);
            }
            Inspection result = inspector.finish();
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("round %d: 2 GiB in %.3f s, %.0f MiB/s (%s)%n", round, seconds, 2048 / seconds,
                    result.accepted() ? "accepted" : result.refusal().message());
        }
    }
}
