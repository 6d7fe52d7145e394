package dev.glint.api.cache;

import dev.glint.api.domain.ApiException;
import dev.glint.api.domain.ImageAccess;
import dev.glint.api.domain.ImageService;
import dev.glint.api.identity.Caller;
import dev.glint.api.policy.AccessPolicy;
import dev.glint.api.policy.PolicyTarget;
import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Glance's cache API (Image API 2.14, 202 for queueing since 2.16), with Glance's order of checks:
 * the image is looked up first (404, whoever asks), then the rule ({@code cache_list},
 * {@code cache_image}, {@code cache_delete}; 403), then whether this site caches at all (404),
 * then the request itself (400).
 */
@ApplicationScoped
public class CacheManagement {

    private static final Logger LOG = Logger.getLogger(CacheManagement.class);
    /** The header of {@code DELETE /v2/cache} that limits the clearing to the cache or the queue. */
    public static final String CLEAR_TARGET_HEADER = "x-image-cache-clear-target";

    private final ImageCache cache;
    private final CacheQueue queue;
    private final Transactions tx;
    private final AccessPolicy policy;

    /** What {@code GET /v2/cache} answers. */
    public record CacheState(List<CachedImage> cachedImages, List<UUID> queuedImages) {
    }

    public CacheManagement(ImageCache cache, CacheQueue queue, Transactions tx, AccessPolicy policy) {
        this.cache = cache;
        this.queue = queue;
        this.tx = tx;
        this.policy = policy;
    }

    public CacheState state(Caller caller) {
        authorize("cache_list", caller, PolicyTarget.project(caller.projectId()));
        return new CacheState(cache.list(), queue.queued());
    }

    /** {@code PUT /v2/cache/{id}}: only an active image may be queued. */
    public void queue(Caller caller, String id) {
        ImageRecord image = find(id).orElseThrow(() -> ApiException.imageNotFound(id));
        authorize("cache_image", caller, PolicyTarget.image(image));
        if (image.status != ImageStatus.ACTIVE) {
            throw ApiException.badRequest("Only images with status active can be targeted for queueing");
        }
        queue.queue(image.id);
    }

    /** {@code DELETE /v2/cache/{id}}: out of the cache and the queue; an image gone from the database too. */
    public void delete(Caller caller, String id) {
        Optional<ImageRecord> image = find(id);
        UUID imageId = image.map(found -> found.id).orElseGet(() -> parse(id));
        if (image.isEmpty() && (imageId == null || !cache.contains(imageId) && !queue.contains(imageId))) {
            throw ApiException.imageNotFound(id);
        }
        authorize("cache_delete", caller, image.map(PolicyTarget::image)
                .orElseGet(() -> PolicyTarget.project(caller.projectId())));
        cache.forget(imageId, "api");
        queue.remove(imageId);
    }

    /** {@code DELETE /v2/cache}: both, or only what {@code x-image-cache-clear-target} names. */
    public void clear(Caller caller, String target) {
        authorize("cache_delete", caller, PolicyTarget.project(caller.projectId()));
        String what = target == null ? "" : target.trim().toLowerCase(Locale.ROOT);
        if (!what.isEmpty() && !what.equals("cache") && !what.equals("queue")) {
            throw ApiException.badRequest("If provided, " + CLEAR_TARGET_HEADER + " must be 'cache' or 'queue' (or"
                    + " empty for both), not '" + target + "'");
        }
        int cleared = what.equals("queue") ? 0 : cache.clear();
        int dequeued = what.equals("cache") ? 0 : queue.clear();
        LOG.infof("Image cache: cleared (%s): %d cached and %d queued image(s) removed",
                what.isEmpty() ? "cache and queue" : what, cleared, dequeued);
    }

    private void authorize(String action, Caller caller, PolicyTarget target) {
        policy.enforce(action, caller, target);
        if (!cache.enabled()) {
            throw ApiException.notFound("Caching via API is not supported at this site (glint.cache.enabled is false).");
        }
    }

    /** The image, unless it does not exist for the API (never was, deleted, pending_delete). */
    private Optional<ImageRecord> find(String id) {
        UUID imageId = parse(id);
        if (imageId == null) {
            return Optional.empty();
        }
        ImageRecord image = tx.awaitRead(session -> session.find(ImageRecord.class, imageId));
        return image == null || ImageAccess.GONE.contains(image.status) ? Optional.empty() : Optional.of(image);
    }

    /** The id, or null when it cannot be an image's. */
    private static UUID parse(String id) {
        try {
            return ImageService.parseId(id);
        } catch (ApiException notAnId) {
            return null;
        }
    }
}
