package dev.glint.api.cache;

import dev.glint.domain.ImageStatus;
import dev.glint.persistence.Transactions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Keeps the cache and its queue to active images: an image that leaves active (deactivated,
 * deleted, pending_delete) leaves both when its status event arrives, and a periodic sweep asks the
 * database about every cached and queued image, for events this replica missed (it was down).
 * Downloads check the status on every request anyway; this frees the disk.
 */
@ApplicationScoped
public class CacheInvalidation {

    private static final Logger LOG = Logger.getLogger(CacheInvalidation.class);
    private static final int BATCH = 500;

    private final ImageCache cache;
    private final CacheQueue queue;
    private final Transactions tx;

    public CacheInvalidation(ImageCache cache, CacheQueue queue, Transactions tx) {
        this.cache = cache;
        this.queue = queue;
        this.tx = tx;
    }

    /** An image's status changed (its public event). */
    public void statusChanged(UUID imageId, ImageStatus to) {
        if (!cache.enabled() || to == ImageStatus.ACTIVE) {
            return;
        }
        if (drop(imageId)) {
            LOG.infof("Image cache: image %s is %s now; removed from the cache and its queue", imageId, to.apiName());
        }
    }

    private boolean drop(UUID imageId) {
        boolean cached = cache.forget(imageId, "image_gone");
        boolean queued = queue.remove(imageId);
        return cached || queued;
    }

    @Scheduled(every = "${glint.cache.sweep-interval}", delayed = "${glint.cache.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (!cache.enabled()) {
            return;
        }
        Set<UUID> ids = new HashSet<>(cache.imageIds());
        ids.addAll(queue.queued());
        List<UUID> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += BATCH) {
            List<UUID> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            Set<UUID> active = new HashSet<>(tx.awaitRead(session -> session.createSelectionQuery(
                            "select i.id from ImageRecord i where i.id in :ids and i.status = :active", UUID.class)
                    .setParameter("ids", batch)
                    .setParameter("active", ImageStatus.ACTIVE)
                    .getResultList()));
            for (UUID imageId : batch) {
                if (!active.contains(imageId) && drop(imageId)) {
                    LOG.infof("Image cache: image %s is no longer active; removed from the cache and its queue", imageId);
                }
            }
        }
    }
}
