package dev.glint.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImageField;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.domain.events.CloudEventNames;
import dev.glint.domain.events.DataReceived;
import dev.glint.infra.GlintInfraTestResource;
import dev.glint.persistence.ImageChange;
import dev.glint.persistence.ImageLifecycle;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.OutboxRecord;
import dev.glint.persistence.Transactions;
import dev.glint.storage.ImageDigester;
import dev.glint.storage.ImageDigests;
import dev.glint.storage.ObjectKeys;
import dev.glint.storage.ObjectStore;
import dev.glint.upload.domain.VerifyMode;
import dev.glint.upload.messaging.DataReceivedConsumer;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The upload-worker on the real infrastructure: an "image.upload" event that goes out through the
 * outbox and Kafka ends in active when the stored data matches, in killed when it does not (other
 * bytes of the same size, or fewer bytes), and a redelivered event changes nothing. This class runs
 * with the default verification (the store's checksum); {@link UploadRereadVerificationTest} runs the
 * same tests with {@code glint.upload-worker.verify=reread}.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class UploadVerificationTest {

    /** Larger than the default 8 MiB part: stored with an unknown length, it becomes a multipart object. */
    private static final int MULTIPART_SIZE = 9 * 1024 * 1024 + 5;

    @Inject
    Transactions tx;
    @Inject
    ImageLifecycle lifecycle;
    @Inject
    ObjectStore store;
    @Inject
    DataReceivedConsumer consumer;
    @Inject
    MeterRegistry metrics;

    /** The verification this class runs with. */
    VerifyMode mode() {
        return VerifyMode.STORE_CHECKSUM;
    }

    @Test
    void matchingDataActivatesTheImage() throws Exception {
        byte[] data = randomBytes(2 * 1024 * 1024 + 3);
        double before = verified("active", method());
        UUID id = storedUpload(data, data);
        ImageRecord image = awaitLeavingSaving(id);
        assertEquals(ImageStatus.ACTIVE, image.status);
        assertEquals(LocationStatus.ACTIVE, locationOf(id).status);
        // In store-checksum mode a single-PUT object is verified from its ETag, without a re-read.
        assertEquals(before + 1, verified("active", method()));
    }

    /**
     * A multipart ETag is no MD5 of the data, but image-api predicts it from the MD5s of the parts it
     * sent: the store-checksum mode verifies such an object from its ETag too, without a re-read.
     */
    @Test
    void matchingMultipartDataActivatesTheImage() throws Exception {
        byte[] data = randomBytes(MULTIPART_SIZE);
        String method = mode() == VerifyMode.STORE_CHECKSUM ? "part-checksums" : "reread";
        double before = verified("active", method);
        UUID id = storedUpload(data, data);
        assertEquals(ImageStatus.ACTIVE, awaitLeavingSaving(id).status);
        assertEquals(before + 1, verified("active", method));
    }

    /** A multipart object without the parts' checksums (written before they were kept) is re-read. */
    @Test
    void aMultipartObjectWithoutPartChecksumsIsReread() throws Exception {
        byte[] data = randomBytes(MULTIPART_SIZE + 1);
        double before = verified("active", "reread");
        UUID id = storedUpload(data, data, false);
        assertEquals(ImageStatus.ACTIVE, awaitLeavingSaving(id).status);
        assertEquals(before + 1, verified("active", "reread"));
    }

    @Test
    void corruptedDataKillsTheImage() throws Exception {
        byte[] uploaded = randomBytes(64 * 1024);
        byte[] stored = uploaded.clone();
        stored[100] ^= 1;
        // Same size, other bytes: the ETag differs from the checksum, and the re-read that follows confirms it.
        double before = verified("killed", "reread");
        UUID id = storedUpload(uploaded, stored);
        assertEquals(ImageStatus.KILLED, awaitLeavingSaving(id).status);
        assertEquals(before + 1, verified("killed", "reread"));
        assertEquals(LocationStatus.PENDING, locationOf(id).status);
    }

    @Test
    void corruptedMultipartDataKillsTheImage() throws Exception {
        byte[] uploaded = randomBytes(MULTIPART_SIZE);
        byte[] stored = uploaded.clone();
        stored[MULTIPART_SIZE - 1] ^= 1;
        // The parts' checksums are those of the uploaded data: the store's ETag differs, a re-read confirms it.
        double before = verified("killed", "reread");
        UUID id = storedUpload(uploaded, stored);
        assertEquals(ImageStatus.KILLED, awaitLeavingSaving(id).status);
        assertEquals(before + 1, verified("killed", "reread"));
    }

    @Test
    void shortDataKillsTheImage() throws Exception {
        byte[] uploaded = randomBytes(64 * 1024 + 1);
        byte[] stored = Arrays.copyOf(uploaded, uploaded.length - 1);
        double before = verified("killed", method());
        UUID id = storedUpload(uploaded, stored);
        assertEquals(ImageStatus.KILLED, awaitLeavingSaving(id).status);
        // The size the store reports settles it in either mode.
        assertEquals(before + 1, verified("killed", method()));
    }

    @Test
    void missingDataKillsTheImage() throws Exception {
        byte[] uploaded = randomBytes(1024);
        UUID id = storedUpload(uploaded, null);
        assertEquals(ImageStatus.KILLED, awaitLeavingSaving(id).status);
    }

    @Test
    void aRedeliveredEventHasNoSecondEffect() throws Exception {
        byte[] data = randomBytes(1024);
        UUID id = storedUpload(data, data);
        assertEquals(ImageStatus.ACTIVE, awaitLeavingSaving(id).status);
        Instant activatedAt = image(id).updatedAt;

        OutboxRecord uploadEvent = tx.awaitRead(session -> session.createSelectionQuery(
                        "from OutboxRecord where messageKey = :id and eventType = :type", OutboxRecord.class)
                .setParameter("id", id.toString())
                .setParameter("type", ImageEventType.UPLOAD.wireName())
                .getSingleResult());
        // The same event delivered again, as the relay published it.
        consumer.onEvent(CloudEventBuilder.v1()
                .withId(uploadEvent.eventId.toString())
                .withSource(URI.create("/glint/test"))
                .withType(CloudEventNames.type(uploadEvent.eventType))
                .withSubject(uploadEvent.messageKey)
                .withData(CloudEventNames.CONTENT_TYPE, uploadEvent.payload.getBytes(StandardCharsets.UTF_8))
                .build());

        assertEquals(activatedAt, image(id).updatedAt);
        UUID eventId = uploadEvent.eventId;
        long claims = tx.awaitRead(session -> session.createNativeQuery(
                        "select count(*) from processed_events where event_id = ?1", Long.class)
                .setParameter(1, eventId)
                .getSingleResult());
        assertEquals(1, claims);
    }

    private String method() {
        return mode() == VerifyMode.STORE_CHECKSUM ? "store-checksum" : "reread";
    }

    private double verified(String outcome, String method) {
        Counter counter = metrics.find("glint.uploads.verified").tags("outcome", outcome, "method", method).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * What image-api does for PUT /file, with {@code stored} put in the store in place of the upload
     * (nothing when null), streamed with an unknown length as a client without Content-Length would,
     * and with the multipart ETag image-api would expect from the parts of {@code uploaded}.
     */
    private UUID storedUpload(byte[] uploaded, byte[] stored) throws Exception {
        return storedUpload(uploaded, stored, true);
    }

    private UUID storedUpload(byte[] uploaded, byte[] stored, boolean partChecksums) throws Exception {
        ImageDigests digests = ImageDigester.digestAll(new ByteArrayInputStream(uploaded), "sha512");
        ImageRecord image = new ImageRecord();
        image.id = UUID.randomUUID();
        image.visibility = "private";
        image.owner = "test";
        image.diskFormat = "raw";
        image.containerFormat = "bare";
        image.createdAt = Instant.now();
        image.updatedAt = image.createdAt;
        String key = ObjectKeys.imageData(image.id, UUID.randomUUID());
        // The ETag image-api would expect: that of the uploaded bytes' parts, as it sent them.
        String expectedEtag = partChecksums ? store.put(store.defaultBucket(), key + "-as-sent",
                new ByteArrayInputStream(uploaded)).expectedEtag() : null;
        if (stored != null) {
            store.put(store.defaultBucket(), key, new ByteArrayInputStream(stored));
        }
        tx.awaitTransaction(session -> lifecycle.create(session, image)
                .chain(() -> lifecycle.move(session, ImageChange.of(ImageTransition.START_UPLOAD, image.id,
                        ImageStatus.QUEUED))));
        tx.awaitTransaction(session -> session.find(ImageRecord.class, image.id).flatMap(saving -> {
            ImageLocationRecord location = ImageLocationRecord.pending(image.id, "default", store.defaultBucket(), key,
                    uploaded.length);
            location.expectedEtag = expectedEtag;
            return session.persist(location).chain(() -> lifecycle.move(session,
                    ImageChange.of(ImageTransition.DATA_STORED, saving)
                            .set(ImageField.SIZE, digests.size())
                            .set(ImageField.CHECKSUM, digests.checksum())
                            .set(ImageField.OS_HASH_ALGO, digests.hashAlgorithm())
                            .set(ImageField.OS_HASH_VALUE, digests.hashValue())
                            .received(new DataReceived(image.id, location.id, "default", digests.size(),
                                    digests.checksum(), digests.hashAlgorithm(), digests.hashValue()))));
        }));
        return image.id;
    }

    private ImageRecord awaitLeavingSaving(UUID id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ImageRecord image = image(id);
        while (image.status == ImageStatus.SAVING && System.nanoTime() < deadline) {
            Thread.sleep(100);
            image = image(id);
        }
        return image;
    }

    private ImageRecord image(UUID id) {
        return tx.awaitRead(session -> session.find(ImageRecord.class, id));
    }

    private ImageLocationRecord locationOf(UUID id) {
        return tx.awaitRead(session -> session.createSelectionQuery(
                "from ImageLocationRecord where imageId = :id", ImageLocationRecord.class)
                .setParameter("id", id)
                .getSingleResult());
    }

    private static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }
}
