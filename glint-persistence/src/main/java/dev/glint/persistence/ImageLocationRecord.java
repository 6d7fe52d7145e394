package dev.glint.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.type.SqlTypes;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where one copy of an image's data is stored: a copy Glint wrote into one of its stores (an
 * upload or an import), or an external location added through the API (Glance's locations), which
 * keeps the URL it was given and is only ever read, never removed from where it points.
 */
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

    /** The URL an external location was added with; null for the copies Glint wrote itself. */
    public String url;

    /** The location's metadata as Glance shows it (the client's, plus {@code store}). */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> metadata = new LinkedHashMap<>();

    /**
     * For a copy written as a multipart upload, the ETag the store must report for it if it holds
     * the parts as they were sent (glint-storage's {@code PartChecksums}); null otherwise. Never shown.
     */
    @Column(name = "expected_etag")
    public String expectedEtag;

    /** Place in the image's list of locations; null until the list was first changed through the API. */
    public Integer position;

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

    /**
     * The locations Glance shows for each image: the readable (active) ones, in the order of the
     * image's list (positions first, then copies never reordered, oldest first).
     */
    public static Uni<List<ImageLocationRecord>> shown(Mutiny.Session session, Collection<UUID> imageIds) {
        if (imageIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return session.createSelectionQuery("from ImageLocationRecord where imageId in :ids and status = :active "
                        + "order by imageId, position nulls last, createdAt, id", ImageLocationRecord.class)
                .setParameter("ids", imageIds)
                .setParameter("active", LocationStatus.ACTIVE)
                .getResultList();
    }

    /** Whether Glint wrote this data itself, so that it is Glint's to remove; external locations are not. */
    public boolean ownsData() {
        return url == null && bucket != null && objectKey != null;
    }

    /** An external location, added through the API: readable at once, never removed from its store. */
    public static ImageLocationRecord external(UUID imageId, String url, String store, String bucket, String key,
            long size, Map<String, Object> metadata) {
        ImageLocationRecord location = pending(imageId, store, bucket, key, size);
        location.url = url;
        location.status = LocationStatus.ACTIVE;
        location.metadata = new LinkedHashMap<>(metadata);
        return location;
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
