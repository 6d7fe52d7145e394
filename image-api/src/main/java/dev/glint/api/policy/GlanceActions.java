package dev.glint.api.policy;

import java.util.Set;

/**
 * Names of Glance 25's policy actions that Glint has no call for. A Glance policy file that sets
 * them still loads (their rules are kept, never asked), so an operator can bring the file their
 * Glance used; a name that is neither one of these, nor one of Glint's actions, nor named by a
 * {@code rule:} is refused as a misspelling. An action that Glint gains moves to PolicyDefaults,
 * which then takes precedence over this list.
 */
final class GlanceActions {

    static final Set<String> WITHOUT_CALL_IN_GLINT = Set.of(
            // the image cache's rule before Glance's Xena (its cache_* rules are Glint's actions now)
            "manage_image_cache",
            // metadata definitions
            "metadef_default", "metadef_admin",
            "get_metadef_namespace", "get_metadef_namespaces", "modify_metadef_namespace",
            "add_metadef_namespace", "delete_metadef_namespace",
            "get_metadef_object", "get_metadef_objects", "modify_metadef_object", "add_metadef_object",
            "delete_metadef_object",
            "list_metadef_resource_types", "get_metadef_resource_type", "add_metadef_resource_type_association",
            "remove_metadef_resource_type_association",
            "get_metadef_property", "get_metadef_properties", "modify_metadef_property", "add_metadef_property",
            "remove_metadef_property",
            "get_metadef_tag", "get_metadef_tags", "modify_metadef_tag", "add_metadef_tag", "add_metadef_tags",
            "delete_metadef_tag", "delete_metadef_tags");

    private GlanceActions() {
    }
}
