package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImageStatus;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import dev.glint.storage.ObjectStore;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/** Image metadata: create, read, list, delete. */
@ApplicationScoped
public class ImageService {

    private static final Logger LOG = Logger.getLogger(ImageService.class);
    /** Columns a list filter may compare for equality, by their API names. */
    private static final Map<String, String> FILTERABLE = Map.of(
            "name", "name", "status", "status", "visibility", "visibility", "owner", "owner",
            "disk_format", "diskFormat", "container_format", "containerFormat");
    private static final Set<ImageStatus> GONE = Set.of(ImageStatus.DELETED, ImageStatus.PENDING_DELETE);

    private final Transactions tx;
    private final ImageLifecycle lifecycle;
    private final ImagesConfig config;
    private final ObjectStore store;
    private final boolean delayedDelete;

    public ImageService(Transactions tx, ImageLifecycle lifecycle, ImagesConfig config, ObjectStore store,
            @ConfigProperty(name = "glint.delayed-delete") boolean delayedDelete) {
        this.tx = tx;
        this.lifecycle = lifecycle;
        this.config = config;
        this.store = store;
        this.delayedDelete = delayedDelete;
    }

    public Uni<ImageRecord> create(Caller caller, Map<String, Object> body) {
        ImageRecord image = NewImage.parse(body, caller, config);
        return tx.inTransaction(session -> session.find(ImageRecord.class, image.id)
                        .flatMap(existing -> {
                            if (existing != null) {
                                throw duplicate(image.id);
                            }
                            return lifecycle.create(session, image);
                        }))
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

    /** The image if the caller may see it; 404 otherwise, as Glance hides what one may not see. */
    public Uni<ImageRecord> show(Caller caller, String id) {
        UUID uuid = parseId(id);
        return tx.read(session -> session.find(ImageRecord.class, uuid))
                .map(image -> visible(caller, image, id));
    }

    static ImageRecord visible(Caller caller, ImageRecord image, Object id) {
        if (image == null || GONE.contains(image.status) || !ImageAccess.canSee(caller, image)) {
            throw ApiException.imageNotFound(id);
        }
        return image;
    }

    public static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.imageNotFound(id);
        }
    }

    public Uni<ImagePage> list(Caller caller, ImageQuery query) {
        return tx.read(session -> markerOf(session, caller, query.marker())
                .flatMap(marker -> page(session, caller, query, marker)));
    }

    private Uni<ImageRecord> markerOf(Mutiny.Session session, Caller caller, String marker) {
        if (marker == null) {
            return Uni.createFrom().nullItem();
        }
        UUID id;
        try {
            id = UUID.fromString(marker);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid marker " + marker);
        }
        return session.find(ImageRecord.class, id).map(image -> {
            if (image == null || GONE.contains(image.status) || !ImageAccess.canSee(caller, image)) {
                throw ApiException.badRequest("marker " + marker + " could not be found.");
            }
            return image;
        });
    }

    private Uni<ImagePage> page(Mutiny.Session session, Caller caller, ImageQuery query, ImageRecord marker) {
        StringBuilder hql = new StringBuilder("from ImageRecord i where i.status not in (:gone)");
        List<Object[]> parameters = new ArrayList<>();
        parameters.add(new Object[] {"gone", GONE});
        if (!caller.isAdmin()) {
            hql.append(" and (i.owner = :project or i.visibility = 'public')");
            parameters.add(new Object[] {"project", caller.projectId()});
        }
        int n = 0;
        for (Map.Entry<String, String> filter : query.filters().entrySet()) {
            String attribute = FILTERABLE.get(filter.getKey());
            if (attribute == null) {
                continue;
            }
            String name = "f" + n++;
            hql.append(" and i.").append(attribute).append(" = :").append(name);
            parameters.add(new Object[] {name, "status".equals(filter.getKey())
                    ? statusFilter(filter.getValue()) : filter.getValue()});
        }
        if (marker != null) {
            hql.append(" and (i.createdAt < :markerTime or (i.createdAt = :markerTime and i.id < :markerId))");
            parameters.add(new Object[] {"markerTime", marker.createdAt});
            parameters.add(new Object[] {"markerId", marker.id});
        }
        hql.append(" order by i.createdAt desc, i.id desc");
        Mutiny.SelectionQuery<ImageRecord> select = session.createSelectionQuery(hql.toString(), ImageRecord.class);
        parameters.forEach(parameter -> select.setParameter((String) parameter[0], parameter[1]));
        return select.setMaxResults(query.limit()).getResultList()
                .map(images -> new ImagePage(images, images.size() == query.limit()));
    }

    private static ImageStatus statusFilter(String value) {
        try {
            return ImageStatus.fromApiName(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Invalid status value: " + value);
        }
    }

    /**
     * Deletes the image. With delayed delete on, an image with data goes to pending_delete and
     * the scrubber removes the data later; otherwise the data is removed now.
     */
    public Uni<Void> delete(Caller caller, String id) {
        UUID uuid = parseId(id);
        return tx.inTransaction(session -> session.find(ImageRecord.class, uuid, LockModeType.PESSIMISTIC_WRITE)
                        .flatMap(image -> markDeleted(session, caller, visible(caller, image, id))))
                .flatMap(this::removeData);
    }

    private Uni<List<ImageLocationRecord>> markDeleted(Mutiny.Session session, Caller caller, ImageRecord image) {
        if (!ImageAccess.canModify(caller, image)) {
            throw ApiException.forbidden("You are not permitted to delete this image.");
        }
        if (image.isProtected) {
            throw ApiException.forbidden("Image " + image.id + " is protected and cannot be deleted.");
        }
        ImageStatus target = delayedDelete && image.status.canMoveTo(ImageStatus.PENDING_DELETE)
                ? ImageStatus.PENDING_DELETE : ImageStatus.DELETED;
        ImageChange change = ImageChange.of(image.id, image.status, target, ImageEventType.DELETE)
                .set("deletedAt", Instant.now());
        return lifecycle.move(session, change).flatMap(moved -> {
            if (moved.isEmpty()) {
                throw ApiException.conflict("Image " + image.id + " changed while it was being deleted; try again.");
            }
            if (target == ImageStatus.PENDING_DELETE) {
                return Uni.createFrom().item(List.<ImageLocationRecord>of());
            }
            return session.createSelectionQuery(
                            "from ImageLocationRecord where imageId = :id and status <> :deleted",
                            ImageLocationRecord.class)
                    .setParameter("id", image.id)
                    .setParameter("deleted", LocationStatus.DELETED)
                    .getResultList();
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
                store.remove(location.bucket, location.objectKey);
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
