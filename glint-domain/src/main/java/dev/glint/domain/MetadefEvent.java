package dev.glint.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A change to the metadata definitions catalog, as published on {@link Topics#METADEF_EVENTS}.
 *
 * @param eventId    unique per fact; consumers dedupe on it (delivery is at least once)
 * @param type       Glance notification name, see {@link MetadefEventType}
 * @param namespace  the namespace the change is in (after a rename, its new name), also the Kafka key, so
 *                   the changes of one namespace stay in order
 * @param occurredAt when the change was committed
 * @param payload    Glance's notification payload for the type (for a namespace: namespace, namespace_old,
 *                   display_name, protected, visibility, owner, description, created_at, updated_at, deleted,
 *                   deleted_at; for an object, property, tag or resource type association: its fields plus
 *                   namespace, name, name_old, deleted, deleted_at)
 */
public record MetadefEvent(
        UUID eventId,
        String type,
        String namespace,
        Instant occurredAt,
        Map<String, Object> payload) {

    public boolean is(MetadefEventType expected) {
        return expected.wireName().equals(type);
    }
}
