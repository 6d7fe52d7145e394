package dev.glint.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Trusted-headers mode with an operator's Glance-style policy.yaml, written with the YAML an
 * operator uses: comments, double quotes with escaped quotes inside, single quotes, a folded block
 * scalar, an alias rule that another rule names, and a rule of a Glance action Glint has no call for.
 */
public class PolicyFileProfile implements QuarkusTestProfile {

    static final String POLICY = """
            # Members of the owning project may make their images public.
            "publicize_image": "role:admin or (role:member and project_id:%(project_id)s)"
            # Nobody downloads, admins neither.
            'download_image': '!'
            # Readers of any project may see public images only; admins every image they can see.
            get_image: >-
              role:admin or
              (role:reader and \"public\":%(visibility)s) or
              (role:reader and project_id:%(project_id)s)
            # Anyone with a token may list; the token's scope still has to be a project's.
            get_images: ""
            # Only the publisher role may deactivate, through an alias rule.
            image_deactivator: role:publisher
            deactivate: "rule:image_deactivator"
            # A Glance action Glint has no call for: kept, never asked.
            get_image_location: "role:admin"
            """;

    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            Path file = Files.createTempFile("glint-policy", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, POLICY);
            return Map.of("glint.auth.mode", "trusted-headers", "glint.policy.file", file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
