package dev.glint.reliability.workload;

import dev.glint.reliability.content.Content;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** Every image the clients made, and how many operations of each kind they carried out with what outcome. */
public final class Ledger {

    private final List<TrackedImage> images = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    TrackedImage add(String id, TrackedImage.Flow flow, Content content) {
        TrackedImage image = new TrackedImage(id, flow, content);
        images.add(image);
        return image;
    }

    public List<TrackedImage> images() {
        return List.copyOf(images);
    }

    /** A random image that matches and no other client is working on, claimed for the caller. */
    Optional<TrackedImage> claim(Random random, Predicate<TrackedImage> wanted) {
        List<TrackedImage> candidates = new ArrayList<>();
        for (TrackedImage image : images) {
            if (image.delete() == TrackedImage.Outcome.NOT_TRIED && wanted.test(image)) {
                candidates.add(image);
            }
        }
        for (int tries = 0; tries < 5 && !candidates.isEmpty(); tries++) {
            TrackedImage pick = candidates.get(random.nextInt(candidates.size()));
            if (pick.tryClaim()) {
                return Optional.of(pick);
            }
        }
        return Optional.empty();
    }

    long live() {
        return images.stream().filter(image -> image.delete() == TrackedImage.Outcome.NOT_TRIED).count();
    }

    /** "upload (sized): succeeded" and the like. */
    void count(String operation, String outcome) {
        counts.computeIfAbsent(operation + ": " + outcome, key -> new AtomicLong()).incrementAndGet();
    }

    public Map<String, Long> counts() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((key, value) -> sorted.put(key, value.get()));
        return sorted;
    }
}
