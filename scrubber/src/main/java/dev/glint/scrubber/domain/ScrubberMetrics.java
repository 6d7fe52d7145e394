package dev.glint.scrubber.domain;

import dev.glint.domain.ImageStatus;
import dev.glint.persistence.Transactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What an operator watches: how many images wait for the scrubber and how long the oldest due one
 * has waited (both refreshed by every sweep), what was reclaimed and what failed.
 */
@ApplicationScoped
public class ScrubberMetrics {

    private final Transactions tx;
    private final ScrubberConfig config;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestDueAgeSeconds = new AtomicLong();
    private final Counter bytesReclaimed;
    private final Counter failures;
    private final Counter orphansRemoved;
    private final Counter orphanBytesReclaimed;
    private final Counter imagesPurged;

    public ScrubberMetrics(Transactions tx, ScrubberConfig config, MeterRegistry registry) {
        this.tx = tx;
        this.config = config;
        Gauge.builder("glint.scrubber.pending.delete.backlog", backlog, AtomicLong::get)
                .description("Images in pending_delete, due or not")
                .register(registry);
        Gauge.builder("glint.scrubber.oldest.due.age", oldestDueAgeSeconds, AtomicLong::get)
                .baseUnit("seconds")
                .description("How long the oldest due pending_delete image has been due")
                .register(registry);
        bytesReclaimed = Counter.builder("glint.scrubber.bytes.reclaimed")
                .description("Bytes of image data the scrubber removed").register(registry);
        failures = Counter.builder("glint.scrubber.failures")
                .description("Scrubs and reconciliation removals that failed and will be retried").register(registry);
        orphansRemoved = Counter.builder("glint.scrubber.orphans.removed")
                .description("Objects that no image owned, removed by reconciliation").register(registry);
        orphanBytesReclaimed = Counter.builder("glint.scrubber.orphans.bytes.reclaimed")
                .description("Bytes of objects that no image owned, removed by reconciliation").register(registry);
        imagesPurged = Counter.builder("glint.scrubber.images.purged")
                .description("Rows of long-deleted images purged from the database").register(registry);
    }

    public Uni<Void> refresh() {
        return tx.read(session -> session.createSelectionQuery(
                        "select count(*), min(deletedAt) from ImageRecord where status = :pending", Object[].class)
                .setParameter("pending", ImageStatus.PENDING_DELETE)
                .getSingleResult())
                .invoke(row -> {
                    backlog.set((Long) row[0]);
                    Instant oldest = (Instant) row[1];
                    long age = oldest == null ? 0
                            : Duration.between(oldest.plusSeconds(config.scrubTime()), Instant.now()).toSeconds();
                    oldestDueAgeSeconds.set(Math.max(0, age));
                })
                .replaceWithVoid();
    }

    public void reclaimed(long bytes) {
        bytesReclaimed.increment(bytes);
    }

    public void failed() {
        failures.increment();
    }

    public void orphanRemoved(long bytes) {
        orphansRemoved.increment();
        orphanBytesReclaimed.increment(bytes);
    }

    public void purged(int images) {
        imagesPurged.increment(images);
    }
}
