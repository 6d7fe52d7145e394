package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.api.policy.PolicyTarget;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import dev.glint.storage.Stores;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/** Image metadata: create, read, update, tags, deactivate/reactivate, delete. */
@ApplicationScoped
public class ImageService {

    private static final Logger LOG = Logger.getLogger(ImageService.class);

    private final Transactions tx;
    private final ImageLifecycle lifecycle;
    private final ImagesConfig config;
    private final Stores stores;
    private final Quotas quotas;
    private final ImageAccess access;
    private final boolean delayedDelete;

    public ImageService(Transactions tx, ImageLifecycle lifecycle, ImagesConfig config, Stores stores,
            Quotas quotas, ImageAccess access, @ConfigProperty(name = "glint.delayed-delete") boolean delayedDelete) {
        this.access = access;
        this.tx = tx;
        this.lifecycle = lifecycle;
        this.config = config;
        this.stores = stores;
        this.quotas = quotas;
        this.delayedDelete = delayedDelete;
    }

    public Uni<ImageRecord> create(Caller caller, Map<String, Object> body) {
        ImageRecord image = NewImage.parse(body, caller, config);
        if (image.owner == null) {
            throw ApiException.forbidden("You are not authorized to complete add_image action.");
        }
        access.policy().enforce("add_image", caller, PolicyTarget.image(image));
        requireVisibilityChange(caller, image, null);
        return tx.inTransaction(session -> session.find(ImageRecord.class, image.id)
                        .flatMap(existing -> {
                            if (existing != null) {
                                throw duplicate(image.id);
                            }
                            return quotas.checkCreate(session, image.owner);
                        })
                        .chain(() -> lifecycle.create(session, image)))
                .onFailure(ImageService::isConstraintViolation).transform(e -> duplicate(image.id));
    }

    private static boolean isConstraintViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    private static ApiException duplicate(UUID id) {
        return ApiException.conflict("An image with identifier " + id + " already exists");
    }

    /** The image if the caller may see it; 404 otherwise. */
    public Uni<ImageRecord> show(Caller caller, String id) {
        UUID uuid = parseId(id);
        return tx.read(session -> session.find(ImageRecord.class, uuid)
                .flatMap(image -> access.visible(session, caller, image, id)));
    }

    /** Making an image public or community has rules of its own (publicize_image, communitize_image). */
    private void requireVisibilityChange(Caller caller, ImageRecord image, String before) {
        if (image.visibility.equals(before)) {
            return;
        }
        if ("public".equals(image.visibility)) {
            access.policy().enforce("publicize_image", caller, PolicyTarget.image(image));
        } else if ("community".equals(image.visibility)) {
            access.policy().enforce("communitize_image", caller, PolicyTarget.image(image));
        }
    }

    public static UUID parseId(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            if (uuid.toString().equalsIgnoreCase(id)) {
                return uuid;
            }
        } catch (IllegalArgumentException e) {
            // not an image id: nothing can be found under it
        }
        throw ApiException.imageNotFound(id);
    }

    /** Finds the image for a change: locked, visible to the caller, and changeable by them. */
    private Uni<ImageRecord> forChange(Mutiny.Session session, Caller caller, String id) {
        return session.find(ImageRecord.class, parseId(id), LockModeType.PESSIMISTIC_WRITE)
                .flatMap(image -> access.visible(session, caller, image, id))
                .flatMap(image -> access.require(session, caller, image, "modify_image"));
    }

    /** Applies a JSON patch atomically and publishes {@code image.update}. */
    public Uni<ImageRecord> update(Caller caller, String id, ImagePatch patch) {
        return tx.inTransaction(session -> forChange(session, caller, id)
                .flatMap(image -> {
                    String visibility = image.visibility;
                    patch.applyTo(image, caller, config);
                    requireVisibilityChange(caller, image, visibility);
                    image.updatedAt = Instant.now();
                    return session.flush().chain(() -> lifecycle.update(session, image));
                }));
    }

    public Uni<Void> addTag(Caller caller, String id, String tag) {
        String checked = ImageAttributes.tag(tag);
        return tx.inTransaction(session -> forChange(session, caller, id)
                .flatMap(image -> {
                    if (image.tags.contains(checked)) {
                        return Uni.createFrom().voidItem();
                    }
                    List<String> tags = new ArrayList<>(image.tags);
                    tags.add(checked);
                    image.tags = tags;
                    ImageAttributes.checkQuotas(image, config);
                    image.updatedAt = Instant.now();
                    return session.flush().chain(() -> lifecycle.update(session, image)).replaceWithVoid();
                }));
    }

    public Uni<Void> removeTag(Caller caller, String id, String tag) {
        return tx.inTransaction(session -> forChange(session, caller, id)
                .flatMap(image -> {
                    if (!image.tags.contains(tag)) {
                        throw ApiException.notFound("Tag " + tag + " not found.");
                    }
                    List<String> tags = new ArrayList<>(image.tags);
                    tags.remove(tag);
                    image.tags = tags;
                    image.updatedAt = Instant.now();
                    return session.flush().chain(() -> lifecycle.update(session, image)).replaceWithVoid();
                }));
    }

    /**
     * Glance's deactivate (active -> deactivated) and reactivate (back), as its {@code deactivate} /
     * {@code reactivate} rules allow (by default admins and members of the owning project): a no-op
     * when already there, 403 from any other status.
     */
    public Uni<Void> setDeactivated(Caller caller, String id, boolean deactivate) {
        String action = deactivate ? "deactivate" : "reactivate";
        ImageTransition transition = deactivate ? ImageTransition.DEACTIVATE : ImageTransition.REACTIVATE;
        ImageStatus to = transition.to();
        return tx.inTransaction(session -> session.find(ImageRecord.class, parseId(id), LockModeType.PESSIMISTIC_WRITE)
                .flatMap(image -> access.visible(session, caller, image, id))
                .flatMap(image -> access.require(session, caller, image, action))
                .flatMap(image -> {
                    if (image.status == to) {
                        return Uni.createFrom().voidItem();
                    }
                    if (!transition.from().contains(image.status)) {
                        throw ApiException.forbidden("Not allowed to " + action + " image in status '"
                                + image.status.apiName() + "'");
                    }
                    return lifecycle.move(session, ImageChange.of(transition, image))
                            .map(moved -> moved.orElseThrow(() -> ApiException.conflict(
                                    "Image " + image.id + " changed during " + action + "; try again.")))
                            .replaceWithVoid();
                }));
    }

    /**
     * Deletes the image. With delayed delete on, an image with data goes to pending_delete and
     * the scrubber removes the data later; otherwise the data is removed now.
     */
    public Uni<Void> delete(Caller caller, String id) {
        UUID uuid = parseId(id);
        return tx.inTransaction(session -> session.find(ImageRecord.class, uuid, LockModeType.PESSIMISTIC_WRITE)
                        .flatMap(image -> access.visible(session, caller, image, id))
                        .flatMap(image -> access.require(session, caller, image, "delete_image"))
                        .flatMap(image -> markDeleted(session, image)))
                .flatMap(this::removeData);
    }

    private Uni<List<ImageLocationRecord>> markDeleted(Mutiny.Session session, ImageRecord image) {
        ImageTransition transition = delayedDelete && ImageTransition.DELAYED_DELETE.from().contains(image.status)
                ? ImageTransition.DELAYED_DELETE : ImageTransition.DELETE;
        return lifecycle.move(session, ImageChange.of(transition, image)).flatMap(moved -> {
            if (moved.isEmpty()) {
                throw ApiException.conflict("Image " + image.id + " changed while it was being deleted; try again.");
            }
            if (transition == ImageTransition.DELAYED_DELETE) {
                return Uni.createFrom().item(List.<ImageLocationRecord>of());
            }
            return ImageLocationRecord.live(session, image.id);
        });
    }

    private Uni<Void> removeData(List<ImageLocationRecord> locations) {
        if (locations.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return VertxContextSupport.executeBlocking(() -> removeFromStores(locations))
                .flatMap(removed -> removed.isEmpty() ? Uni.createFrom().voidItem()
                        : tx.inTransaction(session -> session.createMutationQuery(
                                        "update ImageLocationRecord set status = :deleted, updatedAt = :now where id in :ids")
                                .setParameter("deleted", LocationStatus.DELETED)
                                .setParameter("now", Instant.now())
                                .setParameter("ids", removed)
                                .executeUpdate())
                        .replaceWithVoid());
    }

    private List<UUID> removeFromStores(List<ImageLocationRecord> locations) {
        List<UUID> removed = new ArrayList<>();
        for (ImageLocationRecord location : locations) {
            try {
                stores.objectsOf(location.store).remove(location.bucket, location.objectKey);
                removed.add(location.id);
            } catch (RuntimeException e) {
                // The image is deleted either way; the location stays live for the scrubber's sweep.
                LOG.warnf("Could not remove data of deleted image %s at %s: %s",
                        location.imageId, location.objectKey, e.getMessage());
            }
        }
        return removed;
    }
}
