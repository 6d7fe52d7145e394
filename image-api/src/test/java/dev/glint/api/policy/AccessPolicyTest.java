package dev.glint.api.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.api.domain.ApiException;
import dev.glint.api.identity.Caller;
import dev.glint.api.identity.Scope;
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

    private final AccessPolicy defaults = new AccessPolicy(Optional.empty(), true);

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
        // Glance 25's ADMIN_OR_SHARED_MEMBER: an admin may answer for the member.
        assertTrue(defaults.allows("modify_member", ADMIN, privateA.with("member_id", "b")));
        assertFalse(defaults.allows("modify_member", MEMBER_A, privateA.with("member_id", "b")));
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
        // A Glance policy.yaml: an alias that a rule names, an action Glint has no call for, YAML quoting.
        Files.writeString(file, """
                # Glance-style policy.yaml
                "publicize_image": "role:admin or rule:image_publisher"
                image_publisher: role:publisher
                manage_image_cache: 'role:admin'
                'download_image': ''
                """);
        AccessPolicy aliased = new AccessPolicy(Optional.of(file.toString()), true);
        Caller publisher = new Caller("b", "u9", Set.of("publisher"));
        assertTrue(aliased.allows("publicize_image", publisher, image("b", "private")));
        assertTrue(aliased.allows("download_image", READER_A, image("b", "private")));

        Files.writeString(file, """
                "publicize_image": "role:admin or (role:member and user_id:u2)"
                download_image: role:reader
                """);
        AccessPolicy policy = new AccessPolicy(Optional.of(file.toString()), true);
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

    @Test
    void policyFilesAreYamlOrJsonReadByARealParser(@TempDir Path dir) throws IOException {
        // The example of docs/policy.md, escaped quotes and all.
        Path yaml = dir.resolve("policy.yaml");
        Files.writeString(yaml, """
                # Let members of the owning project publish their images too.
                "publicize_image": "role:admin or (role:member and project_id:%(project_id)s)"
                # Readers may download.
                download_image: "role:admin or (role:reader and (project_id:%(project_id)s or \\"public\\":%(visibility)s))"
                """);
        Map<String, String> rules = PolicyFile.read(yaml);
        assertEquals("role:admin or (role:reader and (project_id:%(project_id)s or \"public\":%(visibility)s))",
                rules.get("download_image"));
        AccessPolicy fromYaml = new AccessPolicy(Optional.of(yaml.toString()), true);
        assertTrue(fromYaml.allows("download_image", new Caller("b", "u", Set.of("reader")), image("a", "public")));
        assertFalse(fromYaml.allows("download_image", new Caller("b", "u", Set.of("reader")), image("a", "shared")));
        assertTrue(fromYaml.allows("publicize_image", MEMBER_A, image("a", "private")));

        // YAML's other forms: a folded block scalar, single quotes, a flow mapping.
        assertEquals(Map.of("get_image", "role:admin or role:reader", "delete_image", "role:admin"),
                PolicyFile.parse("get_image: >-\n  role:admin or\n  role:reader\ndelete_image: 'role:admin'\n",
                        "block"));
        assertEquals(Map.of("delete_image", "role:admin"), PolicyFile.parse("{delete_image: role:admin}", "flow"));

        Path json = dir.resolve("policy.json");
        Files.writeString(json, """
                {
                    "context_is_admin": "role:admin",
                    "publicize_image": "rule:context_is_admin or role:publisher",
                    "get_image_location": "role:admin"
                }
                """);
        AccessPolicy fromJson = new AccessPolicy(Optional.of(json.toString()), true);
        assertTrue(fromJson.allows("publicize_image", new Caller("b", "u", Set.of("publisher")), image("b", "private")));

        for (String bad : List.of("get_image: [role:admin]\n", "get_image:\n", "- get_image\n",
                "get_image: a\nget_image: b\n", "{\"get_image\": \"a\", \"get_image\": \"b\"}", "get_image: \"open\n")) {
            assertThrows(IllegalArgumentException.class, () -> PolicyFile.parse(bad, "bad"), bad);
        }
        assertEquals(Map.of(), PolicyFile.parse("# nothing but a comment\n", "empty"));
    }

    @Test
    void tokenScopeIsEnforcedBeforeTheRule() {
        Caller systemAdmin = new Caller(null, "s", Set.of("admin", "member", "reader"), Scope.system());
        Caller domainAdmin = new Caller(null, "d", Set.of("admin"), Scope.domain("default"));
        PolicyTarget publicA = image("a", "public");
        // Glance 25's rules are all for project-scoped tokens.
        for (String action : List.of("get_image", "get_images", "add_image", "modify_image", "download_image",
                "delete_image", "add_member", "deactivate", "tasks_api_access", "stores_info_detail")) {
            assertFalse(defaults.allows(action, systemAdmin, publicA), action);
            assertFalse(defaults.allows(action, domainAdmin, publicA), action);
            assertTrue(defaults.allows(action, ADMIN, publicA), action);
        }
        // Rules without scope types (rule:default, context_is_admin) take any token.
        assertTrue(defaults.allows("context_is_admin", systemAdmin, publicA));
        ApiException refused = assertThrows(ApiException.class, () -> defaults.enforce("get_images", systemAdmin,
                PolicyTarget.project(null)));
        assertEquals(403, refused.status());

        AccessPolicy unscoped = new AccessPolicy(Optional.empty(), false);
        assertTrue(unscoped.allows("get_image", systemAdmin, publicA), "without enforce-scope the roles decide");
    }

    @Test
    void rulesSeeTheTokensScope() {
        Caller systemReader = new Caller(null, "s", Set.of("reader"), Scope.system());
        Caller domainMember = new Caller(null, "d", Set.of("member"), Scope.domain("dom1"));
        Caller projectMember = new Caller("a", "m", Set.of("member"), Scope.project("a", "dom1"));
        PolicyTarget target = image("a", "private").with("domain", "dom1");
        assertTrue(test("role:reader and system_scope:all", systemReader, target));
        assertFalse(test("system_scope:all", projectMember, target));
        assertTrue(test("domain_id:%(domain)s", domainMember, target));
        assertFalse(test("domain_id:%(domain)s", projectMember, target));
        assertTrue(test("project_domain_id:%(domain)s and project_id:%(project_id)s", projectMember, target));
        assertFalse(test("project_id:%(project_id)s", systemReader, target));
        assertEquals("system", systemReader.scope().type());
        assertEquals("project", new Caller(null, "x", Set.of()).scope().type(), "unscoped counts as project");
    }

    @Test
    void docsPolicyMdShowsTheDefaultsAndItsExampleLoads() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "policy.md"));
        for (Map.Entry<String, PolicyDefaults.Rule> entry : PolicyDefaults.rules().entrySet()) {
            PolicyDefaults.Rule rule = entry.getValue();
            String text = rule.rule().isEmpty() ? "(empty: everyone)" : "`" + rule.rule() + "`";
            String scope = rule.scopeTypes().isEmpty() ? "any" : String.join(", ", new java.util.TreeSet<>(rule.scopeTypes()));
            String row = "| `" + entry.getKey() + "` | " + text + " | ";
            assertTrue(doc.lines().anyMatch(line -> line.startsWith(row) && line.endsWith(" | " + scope + " |")),
                    "docs/policy.md's table of defaults needs the row of " + entry.getKey() + ": " + row + "... | " + scope);
        }
        int start = doc.indexOf("```yaml\n");
        String example = doc.substring(start + 8, doc.indexOf("```", start + 8));
        Path file = Files.createTempFile("policy-md-example", ".yaml");
        try {
            Files.writeString(file, example);
            AccessPolicy policy = new AccessPolicy(Optional.of(file.toString()), true);
            assertTrue(policy.allows("publicize_image", MEMBER_A, image("a", "private")));
            assertTrue(policy.allows("download_image", READER_A, image("a", "private")));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
