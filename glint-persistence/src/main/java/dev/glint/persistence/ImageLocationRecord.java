package dev.glint.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.reactive.mutiny.Mutiny;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Where one copy of an image's data is stored. */
// Only changed columns are written, so an update never rewrites a status another transaction set.
@DynamicUpdate
@Entity
@Table(name = "image_locations")
public class ImageLocationRecord {

    @Id
    public UUID id;

    @Column(name = "image_id")
    public UUID imageId;

    public String store;

    public String bucket;

    @Column(name = "object_key")
    public String objectKey;

    @Enumerated(EnumType.STRING)
    public LocationStatus status;

    public Long size;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Every copy of the image's data that is still in a store (pending or active). */
    public static Uni<List<ImageLocationRecord>> live(Mutiny.Session session, UUID imageId) {
        return session.createSelectionQuery("from ImageLocationRecord where imageId = :id and status <> :deleted",
                        ImageLocationRecord.class)
                .setParameter("id", imageId)
                .setParameter("deleted", LocationStatus.DELETED)
                .getResultList();
    }

    public static ImageLocationRecord pending(UUID imageId, String store, String bucket, String key, long size) {
        ImageLocationRecord location = new ImageLocationRecord();
        location.id = UUID.randomUUID();
        location.imageId = imageId;
        location.store = store;
        location.bucket = bucket;
        location.objectKey = key;
        location.status = LocationStatus.PENDING;
        location.size = size;
        location.createdAt = Instant.now();
        location.updatedAt = location.createdAt;
        return location;
    }
}
