package dev.glint.api.domain;

import dev.glint.persistence.Transactions;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The transfers of image data ({@code PUT /file}, {@code PUT /stage}) this image-api runs, shown to
 * be alive in the database: one update every heartbeat interval stamps them all. When this process
 * dies its transfers' stamps stop, and {@link AbandonedTransfers} on any replica gives the images
 * back.
 */
@ApplicationScoped
public class TransferHeartbeats {

    private static final Logger LOG = Logger.getLogger(TransferHeartbeats.class);

    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private final Transactions tx;

    public TransferHeartbeats(Transactions tx) {
        this.tx = tx;
    }

    void started(UUID imageId) {
        running.add(imageId);
    }

    void ended(UUID imageId) {
        running.remove(imageId);
    }

    @Scheduled(every = "${glint.api.transfers.heartbeat-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void beat() {
        if (running.isEmpty()) {
            return;
        }
        List<UUID> ids = List.copyOf(running);
        try {
            // Only rows whose transfer has not ended: a cleared stamp stays cleared.
            tx.awaitTransaction(session -> session.createMutationQuery("update ImageRecord set transferHeartbeatAt = :now "
                            + "where id in :ids and transferHeartbeatAt is not null")
                    .setParameter("now", Instant.now())
                    .setParameter("ids", ids)
                    .executeUpdate());
        } catch (RuntimeException e) {
            LOG.warnf("Heartbeat of %d running transfers failed, will retry: %s", ids.size(), e.getMessage());
        }
    }
}
