package dev.glint.api.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Glance's default rules ({@code glance/policies/*.py}, with its "new defaults": admin, project
 * member, project reader) and their scope types, for the actions Glint has (images, members, tasks,
 * the image cache, the metadata definitions catalog), plus Glint's own {@code restore_image}. The same table is in
 * docs/policy.md; a policy file may replace any of these rules and nothing else (scope types are
 * not in the file, as in oslo.policy).
 */
public final class PolicyDefaults {

    /** A member of the owning project (Glance's ADMIN_OR_PROJECT_MEMBER). */
    static final String ADMIN_OR_PROJECT_MEMBER = "role:admin or (role:member and project_id:%(project_id)s)";
    /** A reader of the owning project (Glance's ADMIN_OR_PROJECT_READER). */
    static final String ADMIN_OR_PROJECT_READER = "role:admin or (role:reader and project_id:%(project_id)s)";
    private static final String SEEN_BY_OTHERS = "project_id:%(project_id)s or project_id:%(member_id)s"
            + " or \"community\":%(visibility)s or \"public\":%(visibility)s or \"shared\":%(visibility)s";

    /**
     * Glance's ADMIN_OR_PROJECT_READER_GET_NAMESPACE: reading a metadata definition namespace (and
     * what is in it) is for admins, and readers of its project or of any project when it is public.
     */
    static final String METADEF_READER = "rule:context_is_admin or (role:reader and (project_id:%(project_id)s"
            + " or 'public':%(visibility)s))";
    /** Glance's METADEF_ADMIN: changing the catalog is for admins. */
    static final String METADEF_ADMIN = "rule:metadef_admin";

    /**
     * A default rule, what it guards, and the token scopes it may be used with (oslo.policy's
     * {@code scope_types}; empty: any scope). With {@code glint.policy.enforce-scope} a caller
     * whose token has another scope is refused, whatever the rule says.
     */
    public record Rule(String rule, String description, Set<String> scopeTypes) {
    }

    /** Glance's scope for every image, member, task, metadef and discovery rule: a project. */
    public static final Set<String> PROJECT = Set.of("project");

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    static {
        add("default", "", "Rule that rule:default names (Glance: empty, everyone)", Set.of());
        add("context_is_admin", "role:admin", "Who counts as admin", Set.of());
        add("add_image", ADMIN_OR_PROJECT_MEMBER, "POST /v2/images; project_id is the new image's owner");
        add("get_image", "role:admin or (role:reader and (" + SEEN_BY_OTHERS + "))",
                "GET /v2/images/{id}; images one may not see stay 404 whatever the rule");
        add("get_images", ADMIN_OR_PROJECT_READER, "GET /v2/images; project_id is the caller's project");
        add("modify_image", ADMIN_OR_PROJECT_MEMBER,
                "PATCH /v2/images/{id}, tags; also staging (PUT /stage) and import, as in Glance");
        add("publicize_image", "role:admin", "visibility public, on create or update");
        add("communitize_image", ADMIN_OR_PROJECT_MEMBER, "visibility community, on create or update");
        add("delete_image", ADMIN_OR_PROJECT_MEMBER, "DELETE /v2/images/{id}");
        add("upload_image", ADMIN_OR_PROJECT_MEMBER, "PUT /v2/images/{id}/file");
        add("download_image", "role:admin or (role:member and (" + SEEN_BY_OTHERS + "))",
                "GET /v2/images/{id}/file (a reader only looks: Glance asks for member here)");
        add("deactivate", ADMIN_OR_PROJECT_MEMBER, "POST /v2/images/{id}/actions/deactivate");
        add("reactivate", ADMIN_OR_PROJECT_MEMBER, "POST /v2/images/{id}/actions/reactivate");
        add("restore_image", "role:admin", "Glint: POST /v2/images/{id}/actions/restore (glance-scrubber --restore)");
        add("copy_image", "role:admin", "POST /v2/images/{id}/import with method copy-image");
        add("service_api", "role:service or role:admin",
                "Who counts as another OpenStack service (Nova, Cinder) for the service-to-service calls");
        add("get_image_location", ADMIN_OR_PROJECT_READER,
                "Seeing an image's locations and direct_url (with show_multiple_locations / show_image_direct_url)");
        add("set_image_location", ADMIN_OR_PROJECT_MEMBER,
                "PATCH /v2/images/{id}: adding a location, replacing the locations");
        add("delete_image_location", "role:admin",
                "PATCH /v2/images/{id}: removing a location; DELETE /v2/stores/{store}/{id}: removing the image's data from one store");
        add("add_image_location", "rule:service_api or (role:member and project_id:%(project_id)s)",
                "POST /v2/images/{id}/locations: a service, or a member of the owning project");
        add("fetch_image_location", "rule:service_api", "GET /v2/images/{id}/locations: services only");
        add("stores_info_detail", "role:admin", "GET /v2/info/stores/detail: the stores with their driver details");
        add("add_member", ADMIN_OR_PROJECT_MEMBER, "POST /v2/images/{id}/members: the owner shares");
        add("delete_member", ADMIN_OR_PROJECT_MEMBER, "DELETE /v2/images/{id}/members/{member}: the owner unshares");
        add("get_member", "role:admin or (role:reader and (project_id:%(project_id)s or project_id:%(member_id)s))",
                "GET /v2/images/{id}/members/{member}: the owner, or that member");
        add("get_members", "role:admin or (role:reader and (project_id:%(project_id)s or project_id:%(member_id)s))",
                "GET /v2/images/{id}/members: the owner sees all, a member itself");
        add("modify_member", "role:admin or (role:member and project_id:%(member_id)s)",
                "PUT /v2/images/{id}/members/{member}: the member accepts or rejects (or an admin for it)");
        add("tasks_api_access", "role:admin", "Every /v2/tasks call, checked before the call's own rule");
        add("get_task", "rule:default", "GET /v2/tasks/{id} (behind tasks_api_access)");
        add("get_tasks", "rule:default", "GET /v2/tasks (behind tasks_api_access)");
        add("add_task", "rule:default", "POST /v2/tasks (behind tasks_api_access); import's own tasks");
        add("modify_task", "rule:default", "DELETE /v2/tasks/{id} (behind tasks_api_access)");
        add("cache_list", "role:admin", "GET /v2/cache: the cached and queued images");
        add("cache_image", "role:admin", "PUT /v2/cache/{image_id}: queueing an image for caching");
        add("cache_delete", "role:admin", "DELETE /v2/cache/{image_id} and DELETE /v2/cache: out of the cache and queue");
        addMetadefRules();
    }

    private PolicyDefaults() {
    }

    /** The metadata definitions catalog ({@code glance/policies/metadef.py}); targets are namespaces. */
    private static void addMetadefRules() {
        add("metadef_default", "", "Glance's older default for metadef reads (everyone); named by no default",
                Set.of());
        add("metadef_admin", "rule:context_is_admin", "Who changes the metadata definitions catalog", Set.of());
        String namespaces = "/v2/metadefs/namespaces";
        String namespace = namespaces + "/{namespace}";
        add("get_metadef_namespace", METADEF_READER, "GET " + namespace
                + "; namespaces one may not see are 404 whatever the rule, and so is every call refused on a"
                + " namespace this rule refuses");
        add("get_metadef_namespaces", "rule:context_is_admin or (role:reader and project_id:%(project_id)s)",
                "GET " + namespaces + "; project_id is the caller's project; each namespace listed also needs"
                        + " get_metadef_namespace");
        add("modify_metadef_namespace", METADEF_ADMIN, "PUT " + namespace);
        add("add_metadef_namespace", METADEF_ADMIN, "POST " + namespaces + "; project_id is the caller's project");
        add("delete_metadef_namespace", METADEF_ADMIN, "DELETE " + namespace
                + "; also DELETE " + namespace + "/objects, /properties and /tags");
        add("get_metadef_object", METADEF_READER, "GET " + namespace + "/objects/{object}");
        add("get_metadef_objects", METADEF_READER, "GET " + namespace + "/objects, and objects in GET " + namespace);
        add("modify_metadef_object", METADEF_ADMIN, "PUT " + namespace + "/objects/{object}");
        add("add_metadef_object", METADEF_ADMIN, "POST " + namespace + "/objects, and objects in POST " + namespaces);
        add("delete_metadef_object", METADEF_ADMIN, "DELETE " + namespace + "/objects/{object}");
        add("list_metadef_resource_types", METADEF_READER, "GET /v2/metadefs/resource_types (project_id is the"
                + " caller's project) and GET " + namespace + "/resource_types");
        add("get_metadef_resource_type", METADEF_READER, "Which associations GET " + namespace
                + "/resource_types shows; GET " + namespace + "/properties/{property}?resource_type=");
        add("add_metadef_resource_type_association", METADEF_ADMIN, "POST " + namespace
                + "/resource_types, and associations in POST " + namespaces);
        add("remove_metadef_resource_type_association", METADEF_ADMIN, "DELETE " + namespace
                + "/resource_types/{resource_type}");
        add("get_metadef_property", METADEF_READER, "GET " + namespace + "/properties/{property}");
        add("get_metadef_properties", METADEF_READER, "GET " + namespace + "/properties, and properties in GET "
                + namespace);
        add("modify_metadef_property", METADEF_ADMIN, "PUT " + namespace + "/properties/{property}");
        add("add_metadef_property", METADEF_ADMIN, "POST " + namespace + "/properties, and properties in POST "
                + namespaces);
        add("remove_metadef_property", METADEF_ADMIN, "DELETE " + namespace + "/properties/{property}");
        add("get_metadef_tag", METADEF_READER, "GET " + namespace + "/tags/{tag}");
        add("get_metadef_tags", METADEF_READER, "GET " + namespace + "/tags, and tags in GET " + namespace);
        add("modify_metadef_tag", METADEF_ADMIN, "PUT " + namespace + "/tags/{tag}");
        add("add_metadef_tag", METADEF_ADMIN, "POST " + namespace + "/tags/{tag}, and tags in POST " + namespaces);
        add("add_metadef_tags", METADEF_ADMIN, "POST " + namespace + "/tags (a list)");
        add("delete_metadef_tag", METADEF_ADMIN, "DELETE " + namespace + "/tags/{tag}");
        add("delete_metadef_tags", METADEF_ADMIN, "DELETE " + namespace + "/tags (with delete_metadef_namespace)");
    }

    /** A rule of Glance's API: usable with project-scoped tokens only, as all of Glance's are. */
    private static void add(String action, String rule, String description) {
        add(action, rule, description, PROJECT);
    }

    private static void add(String action, String rule, String description, Set<String> scopeTypes) {
        RULES.put(action, new Rule(rule, description, Set.copyOf(scopeTypes)));
    }

    /** Action name -> default rule, in the documented order. */
    public static Map<String, Rule> rules() {
        return java.util.Collections.unmodifiableMap(RULES);
    }
}
