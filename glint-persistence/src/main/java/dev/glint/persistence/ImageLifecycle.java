package dev.glint.persistence;

import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImageStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Creates images and changes their status, each time with its event in the outbox of the same
 * transaction. A status change is a compare-and-set: when the image is no longer in the expected
 * status somebody else won, and nothing is changed or published.
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
                .chain(() -> outbox.imageEvent(session, image, null, ImageEventType.CREATE, Map.of()))
                .replaceWith(image);
    }

    /** Applies the change; empty when the image was not in {@code change.from()} any more. */
    public Uni<Optional<ImageRecord>> move(Mutiny.Session session, ImageChange change) {
        StringBuilder update = new StringBuilder("update ImageRecord set status = :to, updatedAt = :now");
        change.columns.keySet().forEach(attribute -> update.append(", ").append(attribute).append(" = :c_").append(attribute));
        update.append(" where id = :id and status = :from");
        Mutiny.MutationQuery query = session.createMutationQuery(update.toString())
                .setParameter("to", change.to)
                .setParameter("now", Instant.now())
                .setParameter("id", change.imageId)
                .setParameter("from", change.from);
        change.columns.forEach((attribute, value) -> query.setParameter("c_" + attribute, value));
        return query.executeUpdate().flatMap(updated -> updated == 0
                ? Uni.createFrom().item(Optional.<ImageRecord>empty())
                : reload(session, change).flatMap(image -> outbox
                        .imageEvent(session, image, change.from, change.eventType, change.eventData)
                        .replaceWith(Optional.of(image))));
    }

    /** Publishes a fact about the image that does not change its status (e.g. data received). */
    public Uni<ImageRecord> announce(Mutiny.Session session, ImageRecord image, ImageEventType type,
            Map<String, String> data) {
        return outbox.imageEvent(session, image, image.status, type, data).replaceWith(image);
    }

    private static Uni<ImageRecord> reload(Mutiny.Session session, ImageChange change) {
        // The bulk update bypassed the session: a copy it already held still shows the old status, so
        // that copy is let go and the row read again (Hibernate warns on refreshing such a copy).
        return session.find(ImageRecord.class, change.imageId).flatMap(image -> {
            if (image.status == change.to) {
                return Uni.createFrom().item(image);
            }
            session.detach(image);
            return session.find(ImageRecord.class, change.imageId);
        });
    }
}
