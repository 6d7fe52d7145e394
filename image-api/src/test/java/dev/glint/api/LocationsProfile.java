package dev.glint.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * image-api with Glance's location options on: locations and direct_url shown and changeable, a
 * read-only http store named {@code http} beside two S3 stores, and the web-download filter (which
 * the http store reads through) open to the loopback web server the tests start.
 */
public class LocationsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Path policy;
        try {
            policy = Files.createTempFile("glint-locations-policy", ".yaml");
            policy.toFile().deleteOnExit();
            Files.writeString(policy, """
                    "delete_image_location": "role:admin or (role:member and project_id:%(project_id)s)"
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.ofEntries(
                Map.entry("glint.policy.file", policy.toString()),
                Map.entry("glint.auth.mode", "trusted-headers"),
                Map.entry("glint.storage.stores", "default=glint-images,second=glint-images-second"),
                Map.entry("glint.storage.http-store", "http"),
                Map.entry("glint.images.show-multiple-locations", "true"),
                Map.entry("glint.images.show-image-direct-url", "true"),
                Map.entry("glint.import.web-download.deny-private-networks", "false"),
                Map.entry("glint.import.web-download.allowed-ports", "*"));
    }
}
