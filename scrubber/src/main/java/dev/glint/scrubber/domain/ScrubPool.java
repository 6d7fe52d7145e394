package dev.glint.scrubber.domain;

import dev.glint.persistence.BackgroundWork;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Glance's scrub_pool_size: at most that many images of this scrubber are scrubbed at once, whether
 * the sweep or a delete event asked. Each scrub runs on a context of its own, so concurrent scrubs
 * never share a database session; the others wait their turn in order.
 */
@ApplicationScoped
public class ScrubPool {

    private final Scrubber scrubber;
    private final BackgroundWork background;
    private final int size;
    private final Queue<Job> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();

    public ScrubPool(Scrubber scrubber, BackgroundWork background, ScrubberConfig config) {
        if (config.poolSize() < 1) {
            throw new IllegalArgumentException("glint.scrubber.pool-size must be at least 1");
        }
        this.scrubber = scrubber;
        this.background = background;
        this.size = config.poolSize();
    }

    /** Scrubs the image when a slot is free; true when it ended deleted. */
    public Uni<Boolean> submit(UUID imageId) {
        return Uni.createFrom().emitter(emitter -> {
            waiting.add(new Job(imageId, emitter));
            drain();
        });
    }

    private void drain() {
        while (!waiting.isEmpty()) {
            int now = running.get();
            if (now >= size) {
                return;
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            Job job = waiting.poll();
            if (job == null) {
                running.decrementAndGet();
                continue;
            }
            background.run(() -> scrubber.scrub(job.imageId()),
                    scrubbed -> finished(() -> job.emitter().complete(scrubbed)),
                    failure -> finished(() -> job.emitter().fail(failure)));
        }
    }

    private void finished(Runnable report) {
        running.decrementAndGet();
        try {
            report.run();
        } finally {
            drain();
        }
    }

    private record Job(UUID imageId, UniEmitter<? super Boolean> emitter) {
    }
}
