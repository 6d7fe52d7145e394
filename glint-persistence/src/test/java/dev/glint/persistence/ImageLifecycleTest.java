package dev.glint.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImageField;
import dev.glint.domain.ImagePrecondition;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.domain.Topics;
import dev.glint.domain.TransitionRefusedException;
import dev.glint.domain.events.CloudEventNames;
import dev.glint.domain.events.DataReceived;
import dev.glint.domain.events.ImageChanged;
import io.cloudevents.CloudEvent;
import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Named transitions on the real database: each one changes the status as a compare-and-set, resets
 * and stamps what the transition says, checks its preconditions, and writes the event the transition
 * names in the same transaction; a lost race or a refused precondition changes and publishes nothing.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class ImageLifecycleTest {

    @Inject
    Transactions tx;
    @Inject
    ImageLifecycle lifecycle;
    @Inject
    ObjectMapper json;

    private UUID created(String diskFormat, boolean isProtected) {
        ImageRecord image = new ImageRecord();
        image.id = UUID.randomUUID();
        image.name = "lifecycle";
        image.visibility = "private";
        image.owner = "test";
        image.diskFormat = diskFormat;
        image.containerFormat = "bare";
        image.isProtected = isProtected;
        image.createdAt = Instant.now();
        image.updatedAt = image.createdAt;
        tx.awaitTransaction(session -> lifecycle.create(session, image));
        return image.id;
    }

    private Optional<ImageRecord> apply(ImageTransition transition, UUID id, ImageStatus from) {
        return tx.awaitTransaction(session -> lifecycle.move(session, ImageChange.of(transition, id, from)));
    }

    private ImageRecord image(UUID id) {
        return tx.awaitRead(session -> session.find(ImageRecord.class, id));
    }

    /** An image event as the outbox holds it: its type, and its data. */
    private record Written(String type, ImageChanged data) {
    }

    /** The image's public events, in the order they were written. */
    private List<Written> events(UUID id) {
        return tx.awaitRead(session -> session.createSelectionQuery(
                        "from OutboxRecord where topic = :topic and messageKey = :id order by seq", OutboxRecord.class)
                .setParameter("topic", Topics.IMAGE_EVENTS)
                .setParameter("id", id.toString())
                .getResultList()).stream().map(row -> new Written(row.eventType, parse(row.payload, ImageChanged.class)))
                .toList();
    }

    private <T> T parse(String payload, Class<T> type) {
        try {
            return json.readValue(payload, type);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachTransitionChangesWhatItNamesAndReportsItself() {
        UUID id = created("raw", false);
        apply(ImageTransition.START_UPLOAD, id, ImageStatus.QUEUED).orElseThrow();
        assertNotNull(image(id).transferHeartbeatAt, "an upload starts its transfer's heartbeat");
        tx.awaitTransaction(session -> session.createMutationQuery("update ImageRecord set size = 7, virtualSize = 9 "
                + "where id = :id").setParameter("id", id).executeUpdate());
        tx.awaitTransaction(session -> lifecycle.move(session, ImageChange.of(ImageTransition.GIVE_BACK_TO_QUEUED, id,
                ImageStatus.SAVING).reason("upload failed: client gone")));
        ImageRecord queued = image(id);
        assertEquals(ImageStatus.QUEUED, queued.status);
        assertNull(queued.size, "going back to queued clears the size");
        assertNull(queued.virtualSize);
        assertNull(queued.transferHeartbeatAt);

        apply(ImageTransition.START_STAGING, id, ImageStatus.QUEUED).orElseThrow();
        tx.awaitTransaction(session -> lifecycle.move(session, ImageChange.of(ImageTransition.DATA_STAGED, id,
                ImageStatus.UPLOADING).set(ImageField.SIZE, 1024L))).orElseThrow();
        assertEquals(1024L, image(id).size);
        assertNull(image(id).transferHeartbeatAt, "the staging transfer has ended");
        apply(ImageTransition.START_IMPORT, id, ImageStatus.UPLOADING).orElseThrow();
        tx.awaitTransaction(session -> lifecycle.move(session, ImageChange.of(ImageTransition.ACTIVATE, id,
                ImageStatus.IMPORTING).set(ImageField.CHECKSUM, "abc"))).orElseThrow();
        apply(ImageTransition.DEACTIVATE, id, ImageStatus.ACTIVE).orElseThrow();
        apply(ImageTransition.REACTIVATE, id, ImageStatus.DEACTIVATED).orElseThrow();
        apply(ImageTransition.DELAYED_DELETE, id, ImageStatus.ACTIVE).orElseThrow();
        assertNotNull(image(id).deletedAt, "a delete stamps its time");
        apply(ImageTransition.RESTORE, id, ImageStatus.PENDING_DELETE).orElseThrow();
        assertNull(image(id).deletedAt, "a restore clears the delete");
        apply(ImageTransition.DELETE, id, ImageStatus.ACTIVE).orElseThrow();
        assertEquals(ImageStatus.DELETED, image(id).status);

        List<Written> events = events(id);
        List<String> types = List.of("image.create", "image.prepare", "image.update", "image.update", "image.update",
                "image.update", "image.activate", "image.update", "image.update", "image.delete", "image.update",
                "image.delete");
        assertEquals(types, events.stream().map(Written::type).toList());
        assertEquals(List.of("queued", "saving", "queued", "uploading", "uploading", "importing", "active",
                "deactivated", "active", "pending_delete", "active", "deleted"),
                events.stream().map(event -> event.data().toStatus()).toList());
        ImageChanged givenBack = events.get(2).data();
        assertEquals("saving", givenBack.fromStatus());
        assertEquals("give_back_to_queued", givenBack.transition());
        assertEquals("upload failed: client gone", givenBack.reason());
        assertEquals("abc", events.get(6).data().image().checksum());

        // The same events as a subscriber gets them from Kafka: the contract (docs/events.md).
        List<CloudEvent> published = PublishedEvents.read(Topics.IMAGE_EVENTS, id.toString(), types.size());
        assertEquals(types.stream().map(CloudEventNames::type).toList(), published.stream().map(CloudEvent::getType).toList());
        PublishedEvents.assertContract(Topics.IMAGE_EVENTS, id.toString(), published);
    }

    @Test
    void theStoredDataHandOffIsInternalAndLeavesTheImageStreamWithoutGaps() {
        UUID id = created("raw", false);
        apply(ImageTransition.START_UPLOAD, id, ImageStatus.QUEUED).orElseThrow();
        UUID location = UUID.randomUUID();
        tx.awaitTransaction(session -> lifecycle.move(session, ImageChange.of(ImageTransition.DATA_STORED, id,
                ImageStatus.SAVING).received(new DataReceived(id, location, "default", 3, "md5", "sha512", "h"))))
                .orElseThrow();
        apply(ImageTransition.ACTIVATE, id, ImageStatus.SAVING).orElseThrow();

        List<CloudEvent> handOff = PublishedEvents.read(Topics.IMAGE_UPLOADS, id.toString(), 1);
        PublishedEvents.assertContract(Topics.IMAGE_UPLOADS, id.toString(), handOff);
        assertEquals(location, parse(new String(handOff.get(0).getData().toBytes(), java.nio.charset.StandardCharsets.UTF_8),
                DataReceived.class).locationId());
        List<CloudEvent> image = PublishedEvents.read(Topics.IMAGE_EVENTS, id.toString(), 3);
        assertEquals(List.of("dev.glint.image.create", "dev.glint.image.prepare", "dev.glint.image.activate"),
                image.stream().map(CloudEvent::getType).toList(), "no image.upload among the public events");
        PublishedEvents.assertContract(Topics.IMAGE_EVENTS, id.toString(), image);
    }

    @Test
    void aLostCompareAndSetChangesNothingAndPublishesNothing() {
        UUID id = created("raw", false);
        apply(ImageTransition.START_UPLOAD, id, ImageStatus.QUEUED).orElseThrow();
        Instant updated = image(id).updatedAt;

        assertTrue(apply(ImageTransition.START_UPLOAD, id, ImageStatus.QUEUED).isEmpty(), "the image is saving now");
        assertTrue(apply(ImageTransition.ACTIVATE, id, ImageStatus.IMPORTING).isEmpty());
        assertTrue(tx.awaitTransaction(session -> lifecycle.move(session, ImageChange.of(ImageTransition.DATA_STAGED,
                id, ImageStatus.UPLOADING))).isEmpty(), "a fact of another status is not recorded");
        assertEquals(updated, image(id).updatedAt);
        assertEquals(2, events(id).size());
    }

    @Test
    void aRefusedPreconditionChangesNothingAndPublishesNothing() {
        UUID noFormat = created(null, false);
        TransitionRefusedException refused = assertThrows(TransitionRefusedException.class,
                () -> apply(ImageTransition.START_UPLOAD, noFormat, ImageStatus.QUEUED));
        assertEquals(ImagePrecondition.FORMATS_SET, refused.precondition());
        assertEquals(ImageStatus.QUEUED, image(noFormat).status);
        assertEquals(1, events(noFormat).size());

        UUID kept = created("raw", true);
        assertThrows(TransitionRefusedException.class, () -> apply(ImageTransition.DELETE, kept, ImageStatus.QUEUED));
        assertEquals(ImageStatus.QUEUED, image(kept).status);
        assertNull(image(kept).deletedAt);
    }

    @Test
    @SuppressWarnings("removal")
    void theOlderCallShapeGetsTheTransitionWithItsResets() {
        UUID id = created("raw", false);
        apply(ImageTransition.START_UPLOAD, id, ImageStatus.QUEUED).orElseThrow();
        tx.awaitTransaction(session -> session.createMutationQuery("update ImageRecord set size = 7 where id = :id")
                .setParameter("id", id).executeUpdate());
        // What a caller of the older API wrote: statuses, an event type, resets by hand (here one forgotten).
        tx.awaitTransaction(session -> lifecycle.move(session, ImageChange.of(id, ImageStatus.SAVING,
                ImageStatus.QUEUED, ImageEventType.UPDATE).data("reason", "refused")));
        ImageRecord image = image(id);
        assertEquals(ImageStatus.QUEUED, image.status);
        assertNull(image.size, "the transition resets the size whatever the caller set");
        assertNull(image.transferHeartbeatAt);
        ImageChanged event = events(id).get(2).data();
        assertEquals("give_back_to_queued", event.transition());
        assertEquals("refused", event.reason());
    }
}
