package dev.glint.persistence;

import dev.glint.domain.events.CloudEventNames;
import dev.glint.domain.events.EventCatalog;
import dev.glint.domain.events.EventStream;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in the order they were written, then marks them published. Each
 * row goes out as a CloudEvent in binary content mode ({@link #cloudEvent}).
 *
 * <p>Every service runs a relay, but a transaction-scoped advisory lock lets only one publish at a
 * time, which keeps the events of one image in order. A crash between the send and the commit
 * publishes a row again: consumers dedupe by event id. An event Kafka refuses stays unpublished,
 * and so do the later events of its key, until it goes out. The relay runs when a transaction that wrote
 * events commits ({@link #nudge()}) and on a timer, so nothing waits for the timer in the common case
 * and nothing is stranded when a nudge is lost. A run that finds another relay holding the lock tries
 * again shortly ({@link #LOCK_RETRY}): the other run may have read the outbox before this process's
 * rows were committed. The timer is then only the fallback, and can be slow (5 s by default): every
 * tick is a transaction in every service, the main part of an idle service's CPU.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Any constant will do, as long as nothing else in the database uses it. */
    private static final long RELAY_LOCK = 0x6c696e74L;
    /** After a run that found the lock held elsewhere: the other run takes a few milliseconds. */
    private static final Duration LOCK_RETRY = Duration.ofMillis(500);

    private final Mutiny.SessionFactory sessions;
    private final BackgroundWork background;
    private final MutinyEmitter<CloudEvent> emitter;
    private final int batchSize;
    private final Duration keepPublished;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();
    /** Set by each run; runs never overlap within this process. */
    private final AtomicBoolean lockedElsewhere = new AtomicBoolean();

    public OutboxRelay(Mutiny.SessionFactory sessions, BackgroundWork background,
            @Channel("glint-outbox") MutinyEmitter<CloudEvent> emitter,
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

    @Scheduled(every = "${glint.outbox.poll-interval:5s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
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
        } else if (lockedElsewhere.get()) {
            background.after(LOCK_RETRY, this::nudge);
        }
    }

    Uni<Integer> publishBatch() {
        return sessions.withTransaction(session -> session
                .createNativeQuery("select pg_try_advisory_xact_lock(?1)", Boolean.class)
                .setParameter(1, RELAY_LOCK)
                .getSingleResult()
                .flatMap(locked -> {
                    lockedElsewhere.set(!locked);
                    return locked ? publishPending(session) : Uni.createFrom().item(0);
                }));
    }

    private Uni<Integer> publishPending(Mutiny.Session session) {
        return session.createSelectionQuery("from OutboxRecord where publishedAt is null order by seq",
                        OutboxRecord.class)
                .setMaxResults(batchSize)
                .getResultList()
                .flatMap(rows -> rows.isEmpty()
                        ? Uni.createFrom().item(0)
                        : send(rows).map(sent -> {
                            markPublished(sent);
                            return sent.size();
                        }));
    }

    /**
     * Sends the rows and returns those Kafka acknowledged. The rows of one key (one image, one
     * task) go one after the other, each only once the one before it was acknowledged, and a failure
     * stops that key's rows for this run: a later event of an image never goes out before an earlier
     * one (a refused record would otherwise be overtaken by the next). Different keys are sent side
     * by side, so one key that cannot be sent holds up no other.
     */
    private Uni<List<OutboxRecord>> send(List<OutboxRecord> rows) {
        Map<String, List<OutboxRecord>> byKey = new LinkedHashMap<>();
        rows.forEach(row -> byKey.computeIfAbsent(row.topic + "\u0000" + row.messageKey, key -> new ArrayList<>())
                .add(row));
        List<Uni<List<OutboxRecord>>> keys = byKey.values().stream()
                .map(ofKey -> sendInOrder(ofKey, 0, new ArrayList<>()))
                .toList();
        return Uni.join().all(keys).andFailFast()
                .map(sent -> sent.stream().flatMap(List::stream).toList());
    }

    private Uni<List<OutboxRecord>> sendInOrder(List<OutboxRecord> rows, int next, List<OutboxRecord> sent) {
        if (next == rows.size()) {
            return Uni.createFrom().item(sent);
        }
        OutboxRecord row = rows.get(next);
        return send(row)
                .onItem().transformToUni(ignored -> {
                    sent.add(row);
                    return sendInOrder(rows, next + 1, sent);
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Outbox event %s (%s, key %s) could not be published, will retry; %d later event(s) "
                            + "of that key wait for it: %s", row.eventId, row.eventType, row.messageKey,
                            rows.size() - next - 1, failure.getMessage());
                    return sent;
                });
    }

    private Uni<Void> send(OutboxRecord row) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(row.messageKey)
                .build();
        return emitter.sendMessage(Message.of(cloudEvent(row)).addMetadata(metadata));
    }

    /**
     * The row as a CloudEvent: its id is the outbox event id (the consumers' dedupe key), its
     * subject the record key (the image, task or namespace), its time when the change was written.
     */
    static CloudEvent cloudEvent(OutboxRecord row) {
        Optional<EventCatalog.Entry> known = EventCatalog.find(row.eventType);
        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(row.eventId.toString())
                .withSource(EventStream.ofTopic(row.topic).map(EventStream::source).orElse(EventStream.UNKNOWN_SOURCE))
                .withType(CloudEventNames.type(row.eventType))
                .withSubject(row.messageKey)
                .withTime(row.createdAt.atOffset(ZoneOffset.UTC))
                .withDataContentType(CloudEventNames.CONTENT_TYPE)
                .withData(row.payload.getBytes(StandardCharsets.UTF_8));
        // A type the catalog does not know (a test's own) has no schema to name.
        known.ifPresent(entry -> event.withDataSchema(entry.dataSchema()));
        if (row.sequence != null) {
            event.withExtension(CloudEventNames.SEQUENCE_EXTENSION, row.sequence);
        }
        return event.build();
    }

    private static void markPublished(List<OutboxRecord> rows) {
        Instant now = Instant.now();
        rows.forEach(row -> row.publishedAt = now);
    }
}
