package dev.glint.domain;

/**
 * Changes to the metadata definitions catalog, named as Glance names its metadef notifications.
 * A namespace's resource type associations are {@code metadef_resource_type} events, as in Glance.
 */
public enum MetadefEventType {
    NAMESPACE_CREATE("metadef_namespace.create"),
    NAMESPACE_UPDATE("metadef_namespace.update"),
    NAMESPACE_DELETE("metadef_namespace.delete"),
    /** Every object of a namespace removed at once ({@code DELETE .../objects}). */
    NAMESPACE_DELETE_OBJECTS("metadef_namespace.delete_objects"),
    /** Every property of a namespace removed at once ({@code DELETE .../properties}). */
    NAMESPACE_DELETE_PROPERTIES("metadef_namespace.delete_properties"),
    /** Every tag of a namespace removed at once ({@code DELETE .../tags}, or replaced by a new list). */
    NAMESPACE_DELETE_TAGS("metadef_namespace.delete_tags"),
    OBJECT_CREATE("metadef_object.create"),
    OBJECT_UPDATE("metadef_object.update"),
    OBJECT_DELETE("metadef_object.delete"),
    PROPERTY_CREATE("metadef_property.create"),
    PROPERTY_UPDATE("metadef_property.update"),
    PROPERTY_DELETE("metadef_property.delete"),
    /** A resource type was associated with a namespace. */
    RESOURCE_TYPE_CREATE("metadef_resource_type.create"),
    /** A resource type association was removed from a namespace. */
    RESOURCE_TYPE_DELETE("metadef_resource_type.delete"),
    TAG_CREATE("metadef_tag.create"),
    TAG_UPDATE("metadef_tag.update"),
    TAG_DELETE("metadef_tag.delete");

    private final String wireName;

    MetadefEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
