package dev.glint.tasks.domain;

import dev.glint.persistence.Transactions;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Purges tasks whose expires_at (finish time + task time-to-live) has passed, as Glance does. */
@ApplicationScoped
public class ExpiredTaskPurge {

    private static final Logger LOG = Logger.getLogger(ExpiredTaskPurge.class);

    private final Transactions tx;

    public ExpiredTaskPurge(Transactions tx) {
        this.tx = tx;
    }

    @Scheduled(every = "${glint.tasks.purge-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return tx.inTransaction(session -> session
                        .createNativeQuery("delete from tasks where expires_at < now()")
                        .executeUpdate())
                .invoke(purged -> {
                    if (purged > 0) {
                        LOG.infof("Purged %d expired task(s)", purged);
                    }
                })
                .replaceWithVoid();
    }
}
