package dev.glint.persistence;

import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.domain.events.DataReceived;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Creates images and applies their named transitions, each time with its event in the outbox of the
 * same transaction. A status change is a compare-and-set: when the image is no longer in the
 * expected status somebody else won, and nothing is changed or published. The transition decides
 * the event and the attributes reset or stamped with the change; callers add only new values and
 * a reason.
 */
@ApplicationScoped
public class ImageLifecycle {

    private final OutboxWriter outbox;

    public ImageLifecycle(OutboxWriter outbox) {
        this.outbox = outbox;
    }

    public Uni<ImageRecord> create(Mutiny.Session session, ImageRecord image) {
        image.status = ImageStatus.initial();
        return session.persist(image)
                .chain(session::flush)
                .chain(() -> outbox.imageChanged(session, image, null, ImageTransition.CREATE, null))
                .replaceWith(image);
    }

    /**
     * Applies the change; empty when the image was not in {@code change.from()} any more. Throws
     * {@link dev.glint.domain.TransitionRefusedException} when the image does not meet a precondition
     * of the transition (the caller's transaction then rolls back).
     */
    public Uni<Optional<ImageRecord>> move(Mutiny.Session session, ImageChange change) {
        return change.transition.keepsStatus() ? record(session, change) : changeStatus(session, change);
    }

    /** {@link ImageTransition#UPDATE} of a live image the caller changed (and holds locked). */
    public Uni<ImageRecord> update(Mutiny.Session session, ImageRecord image) {
        return move(session, ImageChange.of(ImageTransition.UPDATE, image)).map(moved -> moved.orElse(image));
    }

    /**
     * The older call shape for facts that keep the status: {@code image.update} becomes
     * {@link ImageTransition#UPDATE} (its {@code reason}, if any, is kept), {@code image.upload}
     * becomes {@link ImageTransition#DATA_STORED}.
     *
     * @deprecated use {@link #move} with the named transition, or {@link #update}
     */
    @Deprecated(forRemoval = true)
    public Uni<ImageRecord> announce(Mutiny.Session session, ImageRecord image, ImageEventType type,
            Map<String, String> data) {
        ImageChange change;
        if (type == ImageEventType.UPLOAD) {
            change = ImageChange.of(ImageTransition.DATA_STORED, image).received(new DataReceived(image.id,
                    data.containsKey("location_id") ? UUID.fromString(data.get("location_id")) : null,
                    data.get("store"), data.containsKey("size") ? Long.parseLong(data.get("size"))
                            : image.size == null ? 0 : image.size,
                    data.getOrDefault("checksum", image.checksum), data.getOrDefault("os_hash_algo", image.osHashAlgo),
                    data.getOrDefault("os_hash_value", image.osHashValue)));
        } else if (type == ImageEventType.UPDATE) {
            change = ImageChange.of(ImageTransition.UPDATE, image).reason(data.get("reason"));
        } else {
            throw new IllegalArgumentException(type.wireName() + " is no fact that keeps the status; name its transition");
        }
        return move(session, change).map(moved -> moved.orElse(image));
    }

    private Uni<Optional<ImageRecord>> changeStatus(Mutiny.Session session, ImageChange change) {
        return session.find(ImageRecord.class, change.imageId).flatMap(current -> {
            if (current == null || current.status != change.from) {
                return Uni.createFrom().item(Optional.<ImageRecord>empty());
            }
            change.transition.requireApplicable(current);
            Instant now = Instant.now();
            Map<String, Object> columns = columns(change, now);
            StringBuilder update = new StringBuilder("update ImageRecord set status = :to, updatedAt = :now");
            columns.keySet().forEach(attribute -> update.append(", ").append(attribute).append(" = :c_").append(attribute));
            update.append(" where id = :id and status = :from");
            Mutiny.MutationQuery query = session.createMutationQuery(update.toString())
                    .setParameter("to", change.to())
                    .setParameter("now", now)
                    .setParameter("id", change.imageId)
                    .setParameter("from", change.from);
            columns.forEach((attribute, value) -> query.setParameter("c_" + attribute, value));
            return query.executeUpdate().flatMap(updated -> updated == 0
                    ? Uni.createFrom().item(Optional.<ImageRecord>empty())
                    : reload(session, change).flatMap(image -> event(session, image, change)
                            .replaceWith(Optional.of(image))));
        });
    }

    /** A transition that keeps the status: applied to the locked record, whose status is checked. */
    private Uni<Optional<ImageRecord>> record(Mutiny.Session session, ImageChange change) {
        return session.find(ImageRecord.class, change.imageId, LockModeType.PESSIMISTIC_WRITE).flatMap(image -> {
            if (image == null || image.status != change.from) {
                return Uni.createFrom().item(Optional.<ImageRecord>empty());
            }
            change.transition.requireApplicable(image);
            Instant now = Instant.now();
            change.transition.resets().forEach(field -> ImageColumns.set(image, field, null));
            change.transition.stamps().forEach(field -> ImageColumns.set(image, field, now));
            change.values.forEach((field, value) -> ImageColumns.set(image, field, value));
            image.updatedAt = now;
            return session.flush().chain(() -> event(session, image, change)).replaceWith(Optional.of(image));
        });
    }

    /** Entity attribute -> value: the transition's resets and stamps, then the caller's new values. */
    private static Map<String, Object> columns(ImageChange change, Instant now) {
        Map<String, Object> columns = new LinkedHashMap<>();
        change.transition.resets().forEach(field -> columns.put(ImageColumns.attribute(field), null));
        change.transition.stamps().forEach(field -> columns.put(ImageColumns.attribute(field), now));
        change.values.forEach((field, value) -> columns.put(ImageColumns.attribute(field), value));
        return columns;
    }

    /**
     * The transition's event: the stored-data hand-off is internal (for the upload-worker), every
     * other transition is a public fact about the image.
     */
    private Uni<Void> event(Mutiny.Session session, ImageRecord image, ImageChange change) {
        if (change.transition == ImageTransition.DATA_STORED) {
            DataReceived received = change.received != null ? change.received
                    : new DataReceived(image.id, null, null, image.size == null ? 0 : image.size, image.checksum,
                            image.osHashAlgo, image.osHashValue);
            return outbox.dataReceived(session, received);
        }
        return outbox.imageChanged(session, image, change.from, change.transition, change.reason).replaceWithVoid();
    }

    private static Uni<ImageRecord> reload(Mutiny.Session session, ImageChange change) {
        // The bulk update bypassed the session: a copy it already held still shows the old status, so
        // that copy is let go and the row read again (Hibernate warns on refreshing such a copy).
        return session.find(ImageRecord.class, change.imageId).flatMap(image -> {
            if (image.status == change.to()) {
                return Uni.createFrom().item(image);
            }
            session.detach(image);
            return session.find(ImageRecord.class, change.imageId);
        });
    }
}
