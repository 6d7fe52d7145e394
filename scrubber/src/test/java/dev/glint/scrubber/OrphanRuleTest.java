package dev.glint.scrubber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.domain.ImageStatus;
import dev.glint.scrubber.domain.OrphanRule;
import dev.glint.scrubber.domain.StorageArea;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The orphan decision without any infrastructure. */
class OrphanRuleTest {

    private static final Instant NOW = Instant.parse("2026-01-10T00:00:00Z");
    private final OrphanRule rule = new OrphanRule(Duration.ofHours(24), Duration.ofDays(7));

    @Test
    void youngOrReferencedOrImportedDataIsKept() {
        assertFalse(imageData(Duration.ofHours(23), null, false, false));
        assertFalse(imageData(Duration.ofDays(2), ImageStatus.ACTIVE, true, false));
        assertFalse(imageData(Duration.ofDays(2), ImageStatus.QUEUED, false, true));
        for (ImageStatus inProgress : new ImageStatus[] {ImageStatus.SAVING, ImageStatus.UPLOADING,
                ImageStatus.IMPORTING}) {
            assertFalse(imageData(Duration.ofDays(30), inProgress, false, false), inProgress.apiName());
        }
    }

    @Test
    void oldUnreferencedImageDataIsAnOrphan() {
        assertTrue(imageData(Duration.ofDays(2), null, false, false));
        assertTrue(imageData(Duration.ofDays(2), ImageStatus.ACTIVE, false, false));
        assertTrue(imageData(Duration.ofDays(2), ImageStatus.KILLED, false, false));
        assertTrue(imageData(Duration.ofDays(2), ImageStatus.DELETED, false, false));
    }

    @Test
    void stagedDataLivesWhileItsImportMayStillComeUpToTheLimit() {
        assertFalse(staged(Duration.ofDays(6), ImageStatus.UPLOADING));
        assertTrue(staged(Duration.ofDays(8), ImageStatus.UPLOADING));
        assertFalse(staged(Duration.ofDays(30), ImageStatus.IMPORTING));
        assertTrue(staged(Duration.ofDays(2), ImageStatus.ACTIVE));
        assertTrue(staged(Duration.ofDays(2), null));
    }

    @Test
    void areasNameTheImageOfAKeyLaidOutByGlint() {
        UUID id = UUID.randomUUID();
        StorageArea images = new StorageArea("images/", StorageArea.Kind.IMAGE_DATA);
        assertEquals(Optional.of(id), images.imageOf("images/" + id + "/" + UUID.randomUUID()));
        assertEquals(Optional.empty(), images.imageOf("images/not-a-uuid/x"));
        assertEquals(Optional.empty(), images.imageOf("images/" + id));
        assertEquals(Optional.empty(), images.imageOf("staging/" + id + "/x"));
    }

    private boolean imageData(Duration age, ImageStatus status, boolean referenced, boolean importRunning) {
        return rule.isOrphan(StorageArea.Kind.IMAGE_DATA, NOW.minus(age), NOW, status, referenced, importRunning);
    }

    private boolean staged(Duration age, ImageStatus status) {
        return rule.isOrphan(StorageArea.Kind.STAGING, NOW.minus(age), NOW, status, false, false);
    }
}
