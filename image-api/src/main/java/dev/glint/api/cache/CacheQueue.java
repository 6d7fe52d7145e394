package dev.glint.api.cache;

import dev.glint.api.domain.ImageData;
import dev.glint.api.domain.ImageDataReader;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.Transactions;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Images queued for caching ({@code PUT /v2/cache/{id}}) and the workers that cache them (Glance's
 * prefetcher): each queued image is read from its store, verified and installed
 * {@code glint.cache.prefetch-delay} after it was queued, and leaves the queue once cached (or once
 * it turned out it cannot be). The queue is kept on disk too, so a restart resumes it.
 */
@ApplicationScoped
public class CacheQueue {

    private static final Logger LOG = Logger.getLogger(CacheQueue.class);

    private final ImageCache cache;
    private final Transactions tx;
    private final ImageDataReader reader;
    private final long delayMillis;
    private final ScheduledExecutorService workers;
    /** In the order they are worked. */
    private final LinkedHashSet<UUID> queued = new LinkedHashSet<>();

    public CacheQueue(ImageCache cache, Transactions tx, ImageDataReader reader, CacheConfig config) {
        this.cache = cache;
        this.tx = tx;
        this.reader = reader;
        this.delayMillis = config.prefetchDelay().toMillis();
        this.workers = !cache.enabled() ? null : Executors.newScheduledThreadPool(Math.max(1, config.prefetchWorkers()),
                task -> {
                    Thread thread = new Thread(task, "glint-cache-prefetch");
                    thread.setDaemon(true);
                    return thread;
                });
        // A download whose copy fell behind (the cache's disk slower than the download) leaves the
        // image to this queue, which caches it from the store at the disk's own pace.
        cache.whenCopyFallsBehind(this::queue);
    }

    /** Resumes the queue an earlier run left. */
    void resume(@Observes StartupEvent started) {
        if (!cache.enabled()) {
            return;
        }
        List<UUID> left = cache.directory().queuedImages();
        left.forEach(this::queue);
        if (!left.isEmpty()) {
            LOG.infof("Image cache: %d queued image(s) resumed", left.size());
        }
    }

    @PreDestroy
    void stop() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    /** Queues the image unless it is cached or queued already; true when it was queued now. */
    public boolean queue(UUID imageId) {
        if (cache.contains(imageId)) {
            return false;
        }
        synchronized (this) {
            if (!queued.add(imageId)) {
                return false;
            }
        }
        cache.directory().markQueued(imageId);
        workers.schedule(() -> work(imageId), delayMillis, TimeUnit.MILLISECONDS);
        LOG.infof("Image cache: image %s queued for caching", imageId);
        return true;
    }

    public synchronized boolean contains(UUID imageId) {
        return queued.contains(imageId);
    }

    public synchronized List<UUID> queued() {
        return new ArrayList<>(queued);
    }

    /** Takes the image out of the queue; true when it was queued. */
    public boolean remove(UUID imageId) {
        boolean removed;
        synchronized (this) {
            removed = queued.remove(imageId);
        }
        if (removed) {
            cache.directory().unmarkQueued(imageId);
        }
        return removed;
    }

    /** Empties the queue; the number of images taken out. */
    public int clear() {
        int removed = 0;
        for (UUID imageId : queued()) {
            removed += remove(imageId) ? 1 : 0;
        }
        return removed;
    }

    private void work(UUID imageId) {
        if (!contains(imageId)) {
            return;
        }
        MDC.put("imageId", imageId.toString());
        try {
            fetch(imageId);
        } catch (RuntimeException e) {
            LOG.warnf("Image cache: image %s could not be cached: %s", imageId, e.getMessage());
        } finally {
            remove(imageId);
            MDC.remove("imageId");
        }
    }

    private void fetch(UUID imageId) {
        ImageData data = tx.awaitRead(session -> session.find(ImageRecord.class, imageId).flatMap(image -> image == null
                ? Uni.createFrom().item(new ImageData(null, null))
                : ImageLocationRecord.shown(session, List.of(imageId))
                        .map(locations -> new ImageData(image, locations.isEmpty() ? null : locations.get(0)))));
        if (data.image() == null || data.location() == null) {
            LOG.infof("Image cache: queued image %s is gone or has no data; not cached", imageId);
            return;
        }
        Optional<ImageCache.Fill> started = cache.startFill(data.image());
        if (started.isEmpty()) {
            LOG.infof("Image cache: queued image %s not cached: it is cached already, not active, has no checksum,"
                    + " or is larger than the cache (status %s, %s bytes)", imageId, data.image().status.apiName(),
                    data.image().size);
            return;
        }
        ImageCache.Fill fill = started.get();
        try (InputStream in = reader.open(data.location(), 0, data.location().size); OutputStream out = fill.out()) {
            in.transferTo(out);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warnf("Image cache: reading queued image %s from its store failed: %s", imageId, e.getMessage());
            cache.abandon(fill);
            return;
        }
        if (!contains(imageId)) {
            // Taken out of the queue while it was read.
            cache.abandon(fill);
            return;
        }
        cache.install(fill);
    }
}
