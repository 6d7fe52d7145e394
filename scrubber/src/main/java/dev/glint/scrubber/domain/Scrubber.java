package dev.glint.scrubber.domain;

import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import dev.glint.scrubber.persistence.ScrubRetries;
import dev.glint.storage.Stores;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Removes every stored copy of a pending_delete image whose scrub time has come, and only when all
 * are gone moves it to deleted. The image row stays locked meanwhile, so a restore (which waits for
 * the lock) cannot bring back an image whose data is half removed, and two scrubbers never work on
 * one image at once: the second skips the locked row instead of waiting, so replicas share the
 * backlog.
 */
@ApplicationScoped
public class Scrubber {

    private static final Logger LOG = Logger.getLogger(Scrubber.class);

    private final Transactions tx;
    private final ImageLifecycle lifecycle;
    private final Stores stores;
    private final ScrubberMetrics metrics;
    private final ScrubRetries retries;
    private final ScrubberConfig config;

    public Scrubber(Transactions tx, ImageLifecycle lifecycle, Stores stores, ScrubberMetrics metrics,
            ScrubRetries retries, ScrubberConfig config) {
        this.tx = tx;
        this.lifecycle = lifecycle;
        this.stores = stores;
        this.metrics = metrics;
        this.retries = retries;
        this.config = config;
    }

    /** When an image deleted at {@code deletedAt} may be scrubbed. */
    public Instant dueAt(Instant deletedAt) {
        return deletedAt.plusSeconds(config.scrubTime());
    }

    /**
     * Ids of pending_delete images that are due and not waiting out a retry delay, oldest first;
     * waiting images are left out before the limit, so a batch of failing images never hides the rest.
     */
    public Uni<List<UUID>> due(int limit) {
        return tx.read(session -> session.createNativeQuery("select cast(i.id as varchar) from images i "
                        + "where i.status = ?1 and i.deleted_at <= ?2 and not exists (select 1 from scrub_retries r "
                        + "where r.image_id = i.id and r.deleted_at = i.deleted_at and r.not_before > now()) "
                        + "order by i.deleted_at limit ?3", String.class)
                .setParameter(1, ImageStatus.PENDING_DELETE.apiName())
                .setParameter(2, Instant.now().minusSeconds(config.scrubTime()))
                .setParameter(3, limit)
                .getResultList()
                .map(ids -> ids.stream().map(UUID::fromString).toList()));
    }

    /** Scrubs the image if it is still pending_delete and due; true when it ended deleted. */
    public Uni<Boolean> scrub(UUID imageId) {
        return tx.inTransaction(session -> lockIfPendingDelete(session, imageId).flatMap(image -> {
            if (image == null || dueAt(image.deletedAt).isAfter(Instant.now())) {
                return Uni.createFrom().item(false);
            }
            return retries.waiting(session, imageId).flatMap(waiting -> waiting
                    ? Uni.createFrom().item(false)
                    : removeData(session, image));
        })).onFailure().invoke(metrics::failed);
    }

    /** The image, locked, when it is pending_delete and no other transaction holds it. */
    private static Uni<ImageRecord> lockIfPendingDelete(Mutiny.Session session, UUID imageId) {
        return session.createNativeQuery("select * from images where id = ?1 and status = ?2 for update skip locked",
                        ImageRecord.class)
                .setParameter(1, imageId)
                .setParameter(2, ImageStatus.PENDING_DELETE.apiName())
                .getResultList()
                .map(images -> images.isEmpty() ? null : images.get(0));
    }

    private Uni<Boolean> removeData(Mutiny.Session session, ImageRecord image) {
        return ImageLocationRecord.live(session, image.id)
                .flatMap(locations -> VertxContextSupport.executeBlocking(() -> removeAll(locations))
                        .flatMap(outcome -> finish(session, image, locations, outcome)));
    }

    private Removal removeAll(List<ImageLocationRecord> locations) {
        Removal outcome = new Removal();
        for (ImageLocationRecord location : locations) {
            try {
                stores.objectsOf(location.store).remove(location.bucket, location.objectKey);
                outcome.removed.add(location);
                metrics.reclaimed(location.size == null ? 0 : location.size);
            } catch (RuntimeException e) {
                outcome.error = e.getMessage();
                LOG.warnf("Could not remove %s/%s of image %s, will retry: %s", location.bucket, location.objectKey,
                        location.imageId, e.getMessage());
            }
        }
        return outcome;
    }

    private Uni<Boolean> finish(Mutiny.Session session, ImageRecord image, List<ImageLocationRecord> locations,
            Removal outcome) {
        Instant now = Instant.now();
        outcome.removed.forEach(location -> {
            location.status = LocationStatus.DELETED;
            location.updatedAt = now;
        });
        if (outcome.removed.size() < locations.size()) {
            metrics.failed();
            return retries.record(session, image.id, config.retryDelay(), outcome.error).replaceWith(false);
        }
        return retries.clear(session, image.id)
                .chain(() -> lifecycle.move(session, ImageChange.of(ImageTransition.SCRUB, image.id,
                        ImageStatus.PENDING_DELETE)))
                .map(moved -> {
                    moved.ifPresent(deleted -> LOG.infof("Image %s scrubbed: %d location(s) removed", image.id,
                            outcome.removed.size()));
                    return moved.isPresent();
                });
    }

    /** What one attempt removed, and the last store error if it did not remove everything. */
    private static final class Removal {
        final List<ImageLocationRecord> removed = new ArrayList<>();
        String error;
    }
}
