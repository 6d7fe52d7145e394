package dev.glint.imports.domain;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Two stores (for copy-image), web-download allowed to reach the tests' server on loopback, and a
 * virtual size cap of 1 GiB and fatal partition table checks, so that tests reach both.
 */
public class ImportInspectionProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "glint.storage.stores", "default=glint-images,second=glint-images-second",
                "glint.import.web-download.deny-private-networks", "false",
                "glint.import.web-download.allowed-ports", "*",
                "glint.import.progress-interval", "PT1S",
                "glint.image-format.virtual-size-cap", "1073741824",
                "glint.image-format.gpt-safety-checks-nonfatal", "none");
    }
}
