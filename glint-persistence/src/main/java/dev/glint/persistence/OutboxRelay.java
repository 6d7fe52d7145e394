package dev.glint.persistence;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in the order they were written, then marks them published.
 *
 * <p>Every service runs a relay, but a transaction-scoped advisory lock lets only one publish at a
 * time, which keeps the events of one image in order. A crash between the send and the commit
 * publishes a row again: consumers dedupe by event id. The relay runs when a transaction that wrote
 * events commits ({@link #nudge()}) and on a timer, so nothing waits for the timer in the common case
 * and nothing is stranded when a nudge is lost.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Any constant will do, as long as nothing else in the database uses it. */
    private static final long RELAY_LOCK = 0x6c696e74L;

    private final Mutiny.SessionFactory sessions;
    private final BackgroundWork background;
    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final Duration keepPublished;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();

    public OutboxRelay(Mutiny.SessionFactory sessions, BackgroundWork background,
            @Channel("glint-outbox") MutinyEmitter<String> emitter,
            @ConfigProperty(name = "glint.outbox.batch-size", defaultValue = "100") int batchSize,
            @ConfigProperty(name = "glint.outbox.keep-published", defaultValue = "PT1H") Duration keepPublished) {
        this.sessions = sessions;
        this.background = background;
        this.emitter = emitter;
        this.batchSize = batchSize;
        this.keepPublished = keepPublished;
    }

    /** Asks for a relay run soon; runs never overlap within this process. */
    public void nudge() {
        requested.set(true);
        if (running.compareAndSet(false, true)) {
            drain();
        }
    }

    @Scheduled(every = "${glint.outbox.poll-interval:1s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        nudge();
    }

    @Scheduled(every = "10m", delayed = "1m", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purgePublished() {
        return sessions.withTransaction(session -> session
                        .createMutationQuery("delete from OutboxRecord where publishedAt < :before")
                        .setParameter("before", Instant.now().minus(keepPublished))
                        .executeUpdate())
                .replaceWithVoid();
    }

    private void drain() {
        requested.set(false);
        background.run(this::publishBatch,
                published -> afterBatch(published >= batchSize),
                failure -> {
                    LOG.warnf("Outbox relay run failed, will retry: %s", failure.getMessage());
                    running.set(false);
                });
    }

    private void afterBatch(boolean fullBatch) {
        if (fullBatch || requested.get()) {
            drain();
            return;
        }
        running.set(false);
        // A nudge that came in between the check above and the reset would otherwise be lost.
        if (requested.get() && running.compareAndSet(false, true)) {
            drain();
        }
    }

    Uni<Integer> publishBatch() {
        return sessions.withTransaction(session -> session
                .createNativeQuery("select pg_try_advisory_xact_lock(?1)", Boolean.class)
                .setParameter(1, RELAY_LOCK)
                .getSingleResult()
                .flatMap(locked -> locked ? publishPending(session) : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishPending(Mutiny.Session session) {
        return session.createSelectionQuery("from OutboxRecord where publishedAt is null order by seq",
                        OutboxRecord.class)
                .setMaxResults(batchSize)
                .getResultList()
                .flatMap(rows -> rows.isEmpty()
                        ? Uni.createFrom().item(0)
                        : send(rows).invoke(() -> markPublished(rows)).replaceWith(rows.size()));
    }

    private Uni<Void> send(List<OutboxRecord> rows) {
        // Sent in seq order into one producer, then awaited together: the producer keeps the order
        // per partition, and waiting for each ack in turn would cost a round trip per event.
        List<Uni<Void>> acks = rows.stream().map(this::send).toList();
        return Uni.join().all(acks).andFailFast().replaceWithVoid();
    }

    private Uni<Void> send(OutboxRecord row) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(row.messageKey)
                .build();
        return emitter.sendMessage(Message.of(row.payload).addMetadata(metadata));
    }

    private static void markPublished(List<OutboxRecord> rows) {
        Instant now = Instant.now();
        rows.forEach(row -> row.publishedAt = now);
    }
}
