package dev.glint.scrubber.persistence;

import dev.glint.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Glance's {@code glance-manage db purge}: removes the rows of images deleted longer ago than an
 * age, with their locations, memberships, tasks and retry rows. An image that still has a location
 * not marked deleted is kept, so no row that leads to stored data is lost before reconciliation has
 * removed the data. Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class DeletedImagePurge {

    private static final Logger LOG = Logger.getLogger(DeletedImagePurge.class);
    private static final int BATCH = 500;
    private static final String DOOMED = "select id from images i where i.status = 'deleted' "
            + "and i.deleted_at < now() - make_interval(secs => ?1) "
            + "and not exists (select 1 from image_locations l where l.image_id = i.id and l.status <> 'DELETED')";

    private final Transactions tx;

    public DeletedImagePurge(Transactions tx) {
        this.tx = tx;
    }

    /** Purges (or in a dry run only counts) the images deleted longer ago than {@code age}. */
    public int purge(Duration age, boolean dryRun) {
        double seconds = age.toMillis() / 1000.0;
        if (dryRun) {
            long count = tx.awaitRead(session -> session.createNativeQuery(
                            "select count(*) from (" + DOOMED + ") doomed", Long.class)
                    .setParameter(1, seconds)
                    .getSingleResult());
            LOG.infof("Purge (dry run): %d image(s) deleted before %s ago would be purged", count, age);
            return (int) count;
        }
        int total = 0;
        int purged;
        do {
            // Children and parent in one statement: the foreign keys are checked at its end.
            purged = tx.awaitTransaction(session -> session.createNativeQuery("with doomed as (" + DOOMED
                            + " order by i.deleted_at limit " + BATCH + "), "
                            + "l as (delete from image_locations where image_id in (select id from doomed)), "
                            + "m as (delete from image_members where image_id in (select id from doomed)), "
                            + "t as (delete from tasks where image_id in (select id from doomed)), "
                            + "r as (delete from scrub_retries where image_id in (select id from doomed)) "
                            + "delete from images where id in (select id from doomed)")
                    .setParameter(1, seconds)
                    .executeUpdate());
            total += purged;
        } while (purged == BATCH);
        if (total > 0) {
            LOG.infof("Purged %d image(s) deleted more than %s ago", total, age);
        }
        return total;
    }
}
