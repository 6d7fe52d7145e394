package dev.glint.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Trusted-headers mode with an operator's policy file that lets members publish and nobody download. */
public class PolicyFileProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            Path file = Files.createTempFile("glint-policy", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, """
                    # members of the owning project may make their images public
                    "publicize_image": "role:admin or (role:member and project_id:%(project_id)s)"
                    download_image: "!"
                    """);
            return Map.of("glint.auth.mode", "trusted-headers", "glint.policy.file", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
