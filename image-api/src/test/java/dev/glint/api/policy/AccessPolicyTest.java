package dev.glint.api.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.api.domain.ApiException;
import dev.glint.api.identity.Caller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule language, the policy file, and Glance's defaults over its personas. */
class AccessPolicyTest {

    private static final Caller ADMIN = new Caller("a", "u1", Set.of("admin", "member", "reader"));
    private static final Caller MEMBER_A = new Caller("a", "u2", Set.of("member", "reader"));
    private static final Caller READER_A = new Caller("a", "u3", Set.of("reader"));
    private static final Caller MEMBER_B = new Caller("b", "u4", Set.of("member", "reader"));

    private final AccessPolicy defaults = new AccessPolicy(Optional.empty());

    private static PolicyTarget image(String owner, String visibility) {
        return PolicyTarget.project(owner).with("visibility", visibility);
    }

    private static boolean test(String rule, Caller caller, PolicyTarget target) {
        return PolicyParser.parse(rule).test(caller, target, name -> {
            throw new AssertionError("no rule:" + name);
        });
    }

    @Test
    void parsesChecksWithOslosPrecedence() {
        PolicyTarget a = image("a", "shared");
        assertTrue(test("", MEMBER_B, a));
        assertTrue(test("@", MEMBER_B, a));
        assertFalse(test("!", ADMIN, a));
        assertTrue(test("role:admin or role:member and project_id:%(project_id)s", MEMBER_A, a));
        assertFalse(test("role:admin or role:member and project_id:%(project_id)s", MEMBER_B, a));
        assertTrue(test("not role:admin and role:READER", READER_A, a));
        assertTrue(test("(role:reader)and(\"shared\":%(visibility)s)", MEMBER_B, a));
        assertFalse(test("'public':%(visibility)s", ADMIN, a));
        assertTrue(test("user_id:u4", MEMBER_B, a));
        // A field the target lacks never matches, not even an empty project.
        assertFalse(test("project_id:%(member_id)s", new Caller("", "x", Set.of()), a.with("member_id", null)));
    }

    @Test
    void refusesWhatItDoesNotUnderstand() {
        for (String bad : List.of("role:", "roles:admin", "role:admin or", "(role:admin", "role:admin)",
                "admin", "\"public\"%(visibility)s", "role:admin and and role:member")) {
            assertThrows(IllegalArgumentException.class, () -> PolicyParser.parse(bad), bad);
        }
    }

    @Test
    void glanceDefaultsOverThePersonas() {
        PolicyTarget privateA = image("a", "private");
        PolicyTarget publicA = image("a", "public");
        assertTrue(defaults.allows("modify_image", MEMBER_A, privateA));
        assertFalse(defaults.allows("modify_image", READER_A, privateA));
        assertFalse(defaults.allows("modify_image", MEMBER_B, publicA));
        assertTrue(defaults.allows("modify_image", new Caller("z", "u5", Set.of("admin")), publicA));
        assertTrue(defaults.allows("get_image", READER_A, privateA));
        assertFalse(defaults.allows("get_image", MEMBER_B, privateA));
        assertTrue(defaults.allows("get_image", MEMBER_B, publicA));
        assertTrue(defaults.allows("get_image", MEMBER_B, privateA.with("member_id", "b")));
        assertFalse(defaults.allows("download_image", READER_A, privateA));
        assertTrue(defaults.allows("download_image", MEMBER_B, publicA));
        assertFalse(defaults.allows("publicize_image", MEMBER_A, privateA));
        assertTrue(defaults.allows("publicize_image", ADMIN, privateA));
        assertTrue(defaults.allows("communitize_image", MEMBER_A, privateA));
        assertFalse(defaults.allows("communitize_image", READER_A, privateA));
        assertTrue(defaults.allows("modify_member", MEMBER_B, privateA.with("member_id", "b")));
        assertFalse(defaults.allows("modify_member", ADMIN, privateA.with("member_id", "b")));
        assertFalse(defaults.allows("add_member", MEMBER_B, privateA.with("member_id", "b")));
        assertTrue(defaults.allows("copy_image", ADMIN, publicA));
        assertFalse(defaults.allows("copy_image", MEMBER_A, privateA));
        assertThrows(ApiException.class, () -> defaults.enforceTasksApi("get_tasks", MEMBER_A, PolicyTarget.project("a")));
        defaults.enforceTasksApi("add_task", ADMIN, PolicyTarget.project("a"));
        ApiException denied = assertThrows(ApiException.class, () -> defaults.enforce("delete_image", READER_A, privateA));
        assertEquals(403, denied.status());
        assertEquals("You are not authorized to complete delete_image action.", denied.getMessage());
    }

    @Test
    void glanceLocationDefaultsOverThePersonas() {
        PolicyTarget privateA = image("a", "private");
        Caller service = new Caller("services", "nova", Set.of("service"));
        assertTrue(defaults.allows("get_image_location", READER_A, privateA));
        assertFalse(defaults.allows("get_image_location", MEMBER_B, image("a", "public")));
        assertTrue(defaults.allows("set_image_location", MEMBER_A, privateA));
        assertFalse(defaults.allows("set_image_location", READER_A, privateA));
        // Glance's new default: only admins remove locations (a deployment running Tempest lets owners).
        assertFalse(defaults.allows("delete_image_location", MEMBER_A, privateA));
        assertTrue(defaults.allows("delete_image_location", ADMIN, privateA));
        assertTrue(defaults.allows("add_image_location", service, privateA));
        assertTrue(defaults.allows("add_image_location", MEMBER_A, privateA));
        assertFalse(defaults.allows("add_image_location", READER_A, privateA));
        assertFalse(defaults.allows("add_image_location", MEMBER_B, privateA));
        assertTrue(defaults.allows("fetch_image_location", service, privateA));
        assertFalse(defaults.allows("fetch_image_location", MEMBER_A, privateA));
    }

    @Test
    void aPolicyFileReplacesRulesAndRejectsUnknownActions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, """
                # Glance-style policy.yaml, flat
                "publicize_image": "role:admin or rule:image_publisher"
                image_publisher: role:publisher
                'download_image': ''
                """);
        assertThrows(IllegalArgumentException.class, () -> new AccessPolicy(Optional.of(file.toString())),
                "image_publisher is no action");
        Files.writeString(file, """
                "publicize_image": "role:admin or (role:member and user_id:u2)"
                download_image: role:reader
                """);
        AccessPolicy policy = new AccessPolicy(Optional.of(file.toString()));
        assertTrue(policy.allows("publicize_image", MEMBER_A, image("a", "private")));
        assertFalse(policy.allows("publicize_image", MEMBER_B, image("b", "private")));
        assertTrue(policy.allows("download_image", READER_A, image("a", "private")));
        // untouched rules keep their defaults
        assertFalse(policy.allows("modify_image", READER_A, image("a", "private")));

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> AccessPolicy.compile(Map.of("get_imagez", "role:admin")));
        assertTrue(unknown.getMessage().contains("get_imagez"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.compile(Map.of("get_image", "rule:nothing")));
        assertThrows(IllegalArgumentException.class,
                () -> AccessPolicy.compile(Map.of("default", "rule:get_task")));
        assertThrows(IllegalArgumentException.class, () -> AccessPolicy.compile(Map.of("get_image", "role:admin or")));
    }
}
