package dev.glint.scrubber.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The "not before" time of images whose data could not be removed ({@code scrub_retries}). A row
 * counts only for the deletion it was written for (same {@code deleted_at}), so a restored and
 * deleted-again image starts afresh.
 */
@ApplicationScoped
public class ScrubRetries {

    /** True while the image must not be tried again. */
    public Uni<Boolean> waiting(Mutiny.Session session, UUID imageId) {
        return session.createNativeQuery("select count(*) from scrub_retries r join images i on i.id = r.image_id "
                        + "and i.deleted_at = r.deleted_at where r.image_id = ?1 and r.not_before > now()", Long.class)
                .setParameter(1, imageId)
                .getSingleResult()
                .map(count -> count > 0);
    }

    public Uni<Void> record(Mutiny.Session session, UUID imageId, Duration delay, String error) {
        return session.createNativeQuery("insert into scrub_retries (image_id, deleted_at, not_before, attempts, last_error) "
                        + "select id, deleted_at, now() + make_interval(secs => ?2), 1, ?3 from images where id = ?1 "
                        + "on conflict (image_id) do update set "
                        + "attempts = case when scrub_retries.deleted_at = excluded.deleted_at "
                        + "then scrub_retries.attempts + 1 else 1 end, "
                        + "deleted_at = excluded.deleted_at, not_before = excluded.not_before, "
                        + "last_error = excluded.last_error")
                .setParameter(1, imageId)
                .setParameter(2, delay.toMillis() / 1000.0)
                .setParameter(3, error == null ? "" : error)
                .executeUpdate()
                .replaceWithVoid();
    }

    public Uni<Void> clear(Mutiny.Session session, UUID imageId) {
        return session.createNativeQuery("delete from scrub_retries where image_id = ?1")
                .setParameter(1, imageId)
                .executeUpdate()
                .replaceWithVoid();
    }

    /** Drops the rows of images that were restored or scrubbed meanwhile. */
    public Uni<Integer> clearStale(Mutiny.Session session) {
        return session.createNativeQuery("delete from scrub_retries r using images i where i.id = r.image_id "
                        + "and (i.status <> 'pending_delete' or i.deleted_at is distinct from r.deleted_at)")
                .executeUpdate();
    }
}
