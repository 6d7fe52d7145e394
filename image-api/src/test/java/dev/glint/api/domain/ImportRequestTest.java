package dev.glint.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.domain.ImportMethod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The glance-download request as Glance checks it: a region, a UUID image id, the interface defaulting to public. */
class ImportRequestTest {

    private static final List<String> ENABLED = List.of("glance-direct", "web-download", "copy-image", "glance-download");
    private static final String REMOTE = "36d4b546-64a2-4bb9-bdd0-ba676aa48f2c";

    private static Map<String, Object> body(Map<String, Object> method) {
        Map<String, Object> withName = new HashMap<>(method);
        withName.put("name", "glance-download");
        return Map.of("method", withName);
    }

    private static ApiException refused(Map<String, Object> method) {
        return assertThrows(ApiException.class, () -> ImportRequest.parse(body(method), ENABLED));
    }

    @Test
    void aCompleteRequestNamesTheRemoteImage() {
        ImportRequest request = ImportRequest.parse(body(Map.of("glance_image_id", REMOTE, "glance_region", "RegionTwo",
                "glance_service_interface", "internal")), ENABLED);
        assertEquals(ImportMethod.GLANCE_DOWNLOAD, request.method());
        assertEquals(new ImportRequest.RemoteImage(UUID.fromString(REMOTE), "RegionTwo", "internal"), request.remote());
        assertNull(request.uri());
    }

    @Test
    void theInterfaceIsPublicUnlessNamedAndTheTaskInputSaysSo() {
        ImportRequest request = ImportRequest.parse(body(Map.of("glance_image_id", REMOTE, "glance_region", "r")),
                ENABLED);
        assertEquals("public", request.remote().serviceInterface());
        Map<?, ?> method = (Map<?, ?>) request.body().get("method");
        assertEquals("public", method.get("glance_service_interface"));
        assertEquals(REMOTE, method.get("glance_image_id"));
    }

    @Test
    void anImageIdThatIsNotAUuidIsRefusedInGlancesWords() {
        for (String id : new String[] {"foo", "", "1-2-3-4-5", REMOTE + "0"}) {
            ApiException e = refused(Map.of("glance_image_id", id, "glance_region", "r"));
            assertEquals(400, e.status());
            // Tempest's test_image_glance_download_import_bad_uuid looks for these words.
            assertTrue(e.getMessage().contains("image id does not look like a UUID"), e.getMessage());
        }
    }

    @Test
    void theRegionAndTheImageIdAreRequired() {
        assertTrue(refused(Map.of("glance_image_id", REMOTE)).getMessage().contains("glance_region"));
        assertTrue(refused(Map.of("glance_image_id", REMOTE, "glance_region", " ")).getMessage().contains("glance_region"));
        assertTrue(refused(Map.of("glance_region", "r")).getMessage().contains("glance_image_id"));
        assertTrue(refused(Map.of("glance_region", "r", "glance_image_id", 7)).getMessage().contains("glance_image_id"));
        assertTrue(refused(Map.of("glance_region", "r", "glance_image_id", REMOTE, "glance_service_interface", 1))
                .getMessage().contains("glance_service_interface"));
    }

    @Test
    void notOfferedUnlessEnabled() {
        ApiException e = assertThrows(ApiException.class, () -> ImportRequest.parse(
                body(Map.of("glance_image_id", REMOTE, "glance_region", "r")), List.of("glance-direct")));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("not enabled"), e.getMessage());
    }
}
