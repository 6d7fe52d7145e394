package dev.glint.scrubber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.domain.ImageStatus;
import dev.glint.infra.GlintInfraTestResource;
import dev.glint.persistence.Transactions;
import dev.glint.scrubber.domain.ExpiredStaging;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The fault run found an image left in uploading for good: its client's import got no answer
 * (image-api was killed), and the reconciler then removed the staged data, which nobody would ever
 * import. Now the image goes back to queued, with the reason in its event, before its data goes.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class ExpiredStagingTest {

    @Inject
    Fixtures fixtures;
    @Inject
    ExpiredStaging expiredStaging;
    @Inject
    Transactions tx;

    @Test
    void anImageStillInUploadingIsGivenBackToQueuedWithTheReasonBeforeItsStagedDataGoes() {
        UUID staged = fixtures.image(ImageStatus.UPLOADING, null);
        assertTrue(expiredStaging.release(staged, Duration.ofMinutes(3)));
        assertEquals(ImageStatus.QUEUED, fixtures.find(staged).status);
        assertEquals(1, events(staged, "%staging expired%"));
    }

    @Test
    void anImportThatHasStartedKeepsItsStagedData() {
        UUID importing = fixtures.image(ImageStatus.IMPORTING, null);
        assertFalse(expiredStaging.release(importing, Duration.ofMinutes(3)));
        assertEquals(ImageStatus.IMPORTING, fixtures.find(importing).status);
        assertEquals(0, events(importing, "%"));
        // Other tests reconcile the same database: this image must not look like an import that runs.
        tx.awaitTransaction(session -> session.createNativeQuery("update images set status = 'deleted' where id = ?1")
                .setParameter(1, importing).executeUpdate());
    }

    @Test
    void stagedDataOfNoImageOrOfAnImageThatMovedOnIsReleasedAndNothingChanges() {
        assertTrue(expiredStaging.release(UUID.randomUUID(), Duration.ofMinutes(3)));
        UUID queued = fixtures.image(ImageStatus.QUEUED, null);
        assertTrue(expiredStaging.release(queued, Duration.ofMinutes(3)));
        assertEquals(ImageStatus.QUEUED, fixtures.find(queued).status);
        assertEquals(0, events(queued, "%"));
    }

    private long events(UUID imageId, String payloadLike) {
        return tx.awaitRead(session -> session.createNativeQuery(
                        "select count(*) from outbox where message_key = ?1 and payload like ?2", Long.class)
                .setParameter(1, imageId.toString()).setParameter(2, payloadLike).getSingleResult());
    }
}
