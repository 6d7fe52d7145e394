package dev.glint.imports.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.glint.domain.ImageStatus;
import dev.glint.domain.TaskStatus;
import dev.glint.imports.domain.ImportInspectionProfile;
import dev.glint.imports.domain.LeaseLost;
import dev.glint.infra.GlintInfraTestResource;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.TaskRecord;
import dev.glint.persistence.Transactions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The copies an import attempt records before it writes them: the fault run found PENDING copies
 * of active images that no attempt would ever finish, written by attempts already superseded. A
 * superseded attempt now records no copy, and an attempt that gives a copy up marks it deleted.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(ImportInspectionProfile.class)
class ImportCopiesTest {

    @Inject
    ImportRecords records;
    @Inject
    Transactions tx;

    @Test
    void aSupersededAttemptRecordsNoCopy() {
        TaskRecord task = processingTask(2);
        assertThrows(LeaseLost.class, () -> records.beginCopy(task, 1, "default", "bucket", "images/old-attempt"));
        assertEquals(List.of(), locations(task.imageId));

        ImageLocationRecord copy = records.beginCopy(task, 2, "default", "bucket", "images/current-attempt");
        assertEquals(List.of(LocationStatus.PENDING), statuses(task.imageId));

        records.dropCopies(List.of(copy));
        assertEquals(List.of(LocationStatus.DELETED), statuses(task.imageId));
    }

    @Test
    void droppingLeavesFinishedCopiesAlone() {
        TaskRecord task = processingTask(1);
        ImageLocationRecord copy = records.beginCopy(task, 1, "default", "bucket", "images/finished");
        tx.awaitTransaction(session -> session.find(ImageLocationRecord.class, copy.id)
                .invoke(found -> found.status = LocationStatus.ACTIVE));
        records.dropCopies(List.of(copy));
        assertEquals(List.of(LocationStatus.ACTIVE), statuses(task.imageId));
    }

    private TaskRecord processingTask(int attempt) {
        ImageRecord image = new ImageRecord();
        image.id = UUID.randomUUID();
        image.name = "copies";
        image.status = ImageStatus.IMPORTING;
        image.visibility = "private";
        image.owner = "test";
        image.diskFormat = "raw";
        image.containerFormat = "bare";
        image.createdAt = Instant.now();
        image.updatedAt = image.createdAt;
        TaskRecord task = TaskRecord.pending("api_image_import", "test", image.id, Map.of(), null, null);
        task.status = TaskStatus.PROCESSING;
        task.attempt = attempt;
        tx.awaitTransaction(session -> session.persist(image).chain(() -> session.persist(task)));
        return task;
    }

    private List<ImageLocationRecord> locations(UUID imageId) {
        return tx.awaitRead(session -> session.createSelectionQuery("from ImageLocationRecord where imageId = :id",
                ImageLocationRecord.class).setParameter("id", imageId).getResultList());
    }

    private List<LocationStatus> statuses(UUID imageId) {
        return locations(imageId).stream().map(location -> location.status).toList();
    }
}
