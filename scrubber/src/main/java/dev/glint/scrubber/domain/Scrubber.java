package dev.glint.scrubber.domain;

import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import dev.glint.storage.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Removes every stored copy of a pending_delete image whose scrub time has come, and only when all
 * are gone moves it to deleted. The image row stays locked meanwhile, so a restore cannot bring back
 * an image whose data is half removed, and two scrubbers never work on one image at once.
 */
@ApplicationScoped
public class Scrubber {

    private static final Logger LOG = Logger.getLogger(Scrubber.class);

    private final Transactions tx;
    private final ImageLifecycle lifecycle;
    private final ObjectStore store;
    private final MeterRegistry metrics;
    private final long scrubTimeSeconds;

    public Scrubber(Transactions tx, ImageLifecycle lifecycle, ObjectStore store, MeterRegistry metrics,
            @ConfigProperty(name = "glint.scrubber.scrub-time") long scrubTimeSeconds) {
        this.tx = tx;
        this.lifecycle = lifecycle;
        this.store = store;
        this.metrics = metrics;
        this.scrubTimeSeconds = scrubTimeSeconds;
    }

    /** When an image deleted at {@code deletedAt} may be scrubbed. */
    public Instant dueAt(Instant deletedAt) {
        return deletedAt.plusSeconds(scrubTimeSeconds);
    }

    /** Ids of pending_delete images that are due, oldest first. */
    public Uni<List<UUID>> due(int limit) {
        return tx.read(session -> session.createSelectionQuery(
                        "select id from ImageRecord where status = :pending and deletedAt <= :before order by deletedAt",
                        UUID.class)
                .setParameter("pending", ImageStatus.PENDING_DELETE)
                .setParameter("before", Instant.now().minusSeconds(scrubTimeSeconds))
                .setMaxResults(limit)
                .getResultList());
    }

    /** Scrubs the image if it is still pending_delete and due; true when it ended deleted. */
    public Uni<Boolean> scrub(UUID imageId) {
        return tx.inTransaction(session -> session.find(ImageRecord.class, imageId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(image -> {
                    if (image == null || image.status != ImageStatus.PENDING_DELETE
                            || dueAt(image.deletedAt).isAfter(Instant.now())) {
                        return Uni.createFrom().item(false);
                    }
                    return liveLocations(session, imageId)
                            .flatMap(locations -> VertxContextSupport.executeBlocking(() -> removeAll(locations))
                                    .flatMap(removed -> finish(session, image, locations, removed)));
                }));
    }

    private static Uni<List<ImageLocationRecord>> liveLocations(Mutiny.Session session, UUID imageId) {
        return session.createSelectionQuery("from ImageLocationRecord where imageId = :id and status <> :deleted",
                        ImageLocationRecord.class)
                .setParameter("id", imageId)
                .setParameter("deleted", LocationStatus.DELETED)
                .getResultList();
    }

    private List<ImageLocationRecord> removeAll(List<ImageLocationRecord> locations) {
        List<ImageLocationRecord> removed = new ArrayList<>();
        for (ImageLocationRecord location : locations) {
            try {
                store.remove(location.bucket, location.objectKey);
                removed.add(location);
                metrics.counter("glint.scrubber.bytes.reclaimed").increment(location.size == null ? 0 : location.size);
            } catch (RuntimeException e) {
                metrics.counter("glint.scrubber.failures").increment();
                LOG.warnf("Could not remove %s of image %s, will retry: %s", location.objectKey, location.imageId,
                        e.getMessage());
            }
        }
        return removed;
    }

    private Uni<Boolean> finish(Mutiny.Session session, ImageRecord image, List<ImageLocationRecord> locations,
            List<ImageLocationRecord> removed) {
        Instant now = Instant.now();
        removed.forEach(location -> {
            location.status = LocationStatus.DELETED;
            location.updatedAt = now;
        });
        if (removed.size() < locations.size()) {
            return Uni.createFrom().item(false);
        }
        return lifecycle.move(session, ImageChange.of(image.id, ImageStatus.PENDING_DELETE, ImageStatus.DELETED,
                        ImageEventType.DELETE))
                .map(moved -> {
                    moved.ifPresent(deleted -> LOG.infof("Image %s scrubbed: %d location(s) removed", image.id,
                            removed.size()));
                    return moved.isPresent();
                });
    }
}
