package dev.glint.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** noauth, with a virtual size cap of 1 GiB and the partition table checks fatal, so tests reach both. */
public class FormatInspectionProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "glint.image-format.virtual-size-cap", "1073741824",
                "glint.image-format.gpt-safety-checks-nonfatal", "none");
    }
}
