package dev.glint.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glint.domain.ImageStatus;
import dev.glint.infra.GlintInfraTestResource;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v2/images/{id}/actions/restore} with delayed delete on, behind keystonemiddleware's
 * identity headers: admins bring a pending_delete image back, nobody else can, and nothing but a
 * pending_delete image whose data is all there comes back.
 */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(ImageRestoreApiTest.DelayedDeleteProfile.class)
class ImageRestoreApiTest {

    public static class DelayedDeleteProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("glint.auth.mode", "trusted-headers", "glint.delayed-delete", "true");
        }
    }

    @Inject
    Transactions tx;

    private final String project = "p-" + UUID.randomUUID();

    @Test
    void anAdminRestoresAPendingDeleteImage() {
        UUID id = activeImage();
        as("admin").delete("/v2/images/" + id).then().statusCode(204);
        as("admin").get("/v2/images/" + id).then().statusCode(404);
        assertEquals(ImageStatus.PENDING_DELETE, find(id).status);

        as("admin").post(restore(id)).then().statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("status", equalTo("active"));
        as("admin").get("/v2/images/" + id).then().statusCode(200).body("status", equalTo("active"));
        ImageRecord restored = find(id);
        assertEquals(null, restored.deletedAt);
        assertEquals(1L, (long) tx.awaitRead(session -> session.createSelectionQuery(
                        "select count(*) from OutboxRecord where messageKey = :id and payload like :restored", Long.class)
                .setParameter("id", id.toString())
                .setParameter("restored", "%\"fromStatus\":\"pending_delete\",\"toStatus\":\"active\"%")
                .getSingleResult()));

        as("admin").post(restore(id)).then().statusCode(409);
    }

    @Test
    void onlyAdminsMayRestore() {
        UUID id = activeImage();
        as("admin").delete("/v2/images/" + id).then().statusCode(204);
        as("member,reader").post(restore(id)).then().statusCode(403);
        assertEquals(ImageStatus.PENDING_DELETE, find(id).status);
    }

    @Test
    void unknownImagesAreNotFoundAndOthersConflict() {
        as("admin").post(restore(UUID.randomUUID())).then().statusCode(404);
        as("admin").post("/v2/images/not-an-id/actions/restore").then().statusCode(404);
        UUID active = activeImage();
        as("admin").post(restore(active)).then().statusCode(409);
        UUID gone = activeImage();
        tx.awaitTransaction(session -> session.createNativeQuery("update images set status = 'deleted', "
                + "deleted_at = now() where id = ?1").setParameter(1, gone).executeUpdate());
        as("admin").post(restore(gone)).then().statusCode(409);
    }

    @Test
    void anImageTheScrubberHasStartedOnCannotComeBack() {
        UUID id = activeImage();
        UUID secondCopy = location(id, LocationStatus.ACTIVE);
        as("admin").delete("/v2/images/" + id).then().statusCode(204);
        // What a scrub that removed one copy and then met a store error leaves behind.
        tx.awaitTransaction(session -> session.createMutationQuery("update ImageLocationRecord "
                        + "set status = :deleted, updatedAt = :now where id = :id")
                .setParameter("deleted", LocationStatus.DELETED)
                .setParameter("now", Instant.now())
                .setParameter("id", secondCopy)
                .executeUpdate());
        as("admin").post(restore(id)).then().statusCode(409);
        assertEquals(ImageStatus.PENDING_DELETE, find(id).status);
    }

    private RequestSpecification as(String roles) {
        return given().header("X-Identity-Status", "Confirmed").header("X-Project-Id", project)
                .header("X-User-Id", "u-" + roles).header("X-Roles", roles);
    }

    private static String restore(UUID id) {
        return "/v2/images/" + id + "/actions/restore";
    }

    /** An active image of the test's project with one stored copy, as the upload path leaves it. */
    private UUID activeImage() {
        ImageRecord image = new ImageRecord();
        image.id = UUID.randomUUID();
        image.name = "restore-test";
        image.status = ImageStatus.ACTIVE;
        image.visibility = "private";
        image.owner = project;
        image.diskFormat = "raw";
        image.containerFormat = "bare";
        image.size = 10L;
        image.createdAt = Instant.now();
        image.updatedAt = image.createdAt;
        tx.awaitTransaction(session -> session.persist(image));
        location(image.id, LocationStatus.ACTIVE);
        return image.id;
    }

    private UUID location(UUID imageId, LocationStatus status) {
        ImageLocationRecord location = ImageLocationRecord.pending(imageId, "default", "glint-images",
                "images/" + imageId + "/" + UUID.randomUUID(), 10);
        location.status = status;
        tx.awaitTransaction(session -> session.persist(location));
        return location.id;
    }

    private ImageRecord find(UUID id) {
        return tx.awaitRead(session -> session.find(ImageRecord.class, id));
    }
}
