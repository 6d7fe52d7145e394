package dev.glint.api.domain;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.domain.ImageStatus;
import dev.glint.infra.GlintInfraTestResource;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.Transactions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Transfers whose image-api died: their images are given back as queued once the heartbeat stood
 * still for {@code glint.api.transfers.abandoned-after}, and nothing else is touched: not a live
 * transfer, not data stored and awaiting verification, not data staged and awaiting its import.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class AbandonedTransfersTest {

    @Inject
    Transactions tx;

    @Inject
    AbandonedTransfers abandoned;

    @Inject
    TransferHeartbeats heartbeats;

    @Inject
    TransfersConfig config;

    @Inject
    MeterRegistry metrics;

    @Test
    void anUploadWithoutHeartbeatIsGivenBackAsQueued() {
        UUID id = imageIn(ImageStatus.SAVING, Instant.now().minus(config.abandonedAfter()).minusSeconds(5));
        double counted = givenBack("saving");

        abandoned.sweep();

        ImageRecord image = find(id);
        assertEquals(ImageStatus.QUEUED, image.status);
        assertNull(image.size);
        assertNull(image.transferHeartbeatAt);
        String event = tx.awaitRead(session -> session.createSelectionQuery(
                        "select payload from OutboxRecord where messageKey = :id and payload like :back", String.class)
                .setParameter("id", id.toString())
                .setParameter("back", "%\"fromStatus\":\"saving\",\"toStatus\":\"queued\"%")
                .getSingleResult());
        assertTrue(event.contains("upload abandoned"), event);
        assertTrue(givenBack("saving") >= counted + 1, "glint_transfers_abandoned_total{status=saving} counts it");
    }

    @Test
    void aStagingWithoutHeartbeatIsGivenBackAsQueued() {
        UUID id = imageIn(ImageStatus.UPLOADING, Instant.now().minus(Duration.ofHours(1)));

        abandoned.sweep();

        assertEquals(ImageStatus.QUEUED, find(id).status);
    }

    @Test
    void liveTransfersAndFinishedOnesAreLeftAlone() {
        UUID live = imageIn(ImageStatus.SAVING, Instant.now());
        UUID awaitingVerification = imageIn(ImageStatus.SAVING, null);
        UUID staged = imageIn(ImageStatus.UPLOADING, null);

        abandoned.sweep();

        assertEquals(ImageStatus.SAVING, find(live).status);
        assertEquals(ImageStatus.SAVING, find(awaitingVerification).status);
        assertEquals(ImageStatus.UPLOADING, find(staged).status);
        assertEquals(5L, find(staged).size);
    }

    @Test
    void aRunningTransferKeepsItsHeartbeatFresh() {
        // Older than a beat, yet not abandoned: the scheduled sweep, which runs in every test of this
        // app, must not give this image back while the test looks at it.
        Instant old = Instant.now().minus(config.abandonedAfter().dividedBy(2));
        UUID running = imageIn(ImageStatus.SAVING, old);
        UUID ended = imageIn(ImageStatus.SAVING, null);
        heartbeats.started(running);
        heartbeats.started(ended);
        try {
            heartbeats.beat();
        } finally {
            heartbeats.ended(running);
            heartbeats.ended(ended);
        }

        assertTrue(find(running).transferHeartbeatAt.isAfter(old.plus(config.abandonedAfter().dividedBy(4))));
        assertNull(find(ended).transferHeartbeatAt, "a transfer that ended is not revived");
        abandoned.sweep();
        assertEquals(ImageStatus.SAVING, find(running).status);
    }

    @Test
    void aFinishedUploadOrStagingClearsItsHeartbeat() {
        byte[] data = new byte[64 * 1024];
        String uploaded = create();
        given().contentType("application/octet-stream").body(data)
                .when().put("/v2/images/" + uploaded + "/file").then().statusCode(204);
        String staged = create();
        given().contentType("application/octet-stream").body(data)
                .when().put("/v2/images/" + staged + "/stage").then().statusCode(204);

        // No upload-worker runs here: the upload is stored and awaits verification.
        ImageRecord stored = find(UUID.fromString(uploaded));
        assertEquals(ImageStatus.SAVING, stored.status);
        assertNotNull(stored.checksum);
        assertNull(stored.transferHeartbeatAt);
        assertNull(find(UUID.fromString(staged)).transferHeartbeatAt);
        assertEquals(ImageStatus.UPLOADING, find(UUID.fromString(staged)).status);
    }

    private static String create() {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", "transfer", "disk_format", "raw", "container_format", "bare"))
                .when().post("/v2/images")
                .then().statusCode(201)
                .extract().path("id");
    }

    private UUID imageIn(ImageStatus status, Instant heartbeat) {
        UUID id = UUID.fromString(create());
        tx.awaitTransaction(session -> session.createMutationQuery(
                        "update ImageRecord set status = :status, size = 5, transferHeartbeatAt = :heartbeat where id = :id")
                .setParameter("status", status)
                .setParameter("heartbeat", heartbeat)
                .setParameter("id", id)
                .executeUpdate());
        return id;
    }

    private double givenBack(String status) {
        Counter counter = metrics.find("glint.transfers.abandoned").tag("status", status).counter();
        return counter == null ? 0 : counter.count();
    }

    private ImageRecord find(UUID id) {
        return tx.awaitRead(session -> session.find(ImageRecord.class, id));
    }
}
