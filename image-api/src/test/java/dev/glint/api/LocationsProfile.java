package dev.glint.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * image-api with Glance's location options on: locations and direct_url shown and changeable, a
 * read-only http store named {@code http} beside two S3 stores, and the web-download filter (which
 * the http store reads through) open to the loopback web server the tests start.
 */
public class LocationsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("glint.auth.mode", "trusted-headers"),
                Map.entry("glint.storage.stores", "default=glint-images,second=glint-images-second"),
                Map.entry("glint.storage.http-store", "http"),
                Map.entry("glint.images.show-multiple-locations", "true"),
                Map.entry("glint.images.show-image-direct-url", "true"),
                Map.entry("glint.import.web-download.deny-private-networks", "false"),
                Map.entry("glint.import.web-download.allowed-ports", "*"));
    }
}
