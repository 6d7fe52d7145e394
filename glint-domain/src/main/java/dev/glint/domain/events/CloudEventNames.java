package dev.glint.domain.events;

import java.net.URI;

/**
 * How Glint names its events in CloudEvents attributes (docs/events.md): {@code type} is the Glance
 * notification name under Glint's reverse-DNS prefix, {@code dataschema} names the JSON Schema of the
 * event's data in its version, and the subject's sequence number travels as an extension attribute.
 */
public final class CloudEventNames {

    /** {@code image.activate} is published as {@code dev.glint.image.activate}. */
    public static final String TYPE_PREFIX = "dev.glint.";
    /**
     * The event's number among the events of its subject on its topic (1, 2, 3, ...). Not the
     * CloudEvents "sequence" extension, whose value is a string compared lexicographically.
     */
    public static final String SEQUENCE_EXTENSION = "subjectsequence";
    public static final String CONTENT_TYPE = "application/json";
    private static final String SCHEMA_PREFIX = "urn:glint:event-schema:";

    private CloudEventNames() {
    }

    public static String type(String wireName) {
        return TYPE_PREFIX + wireName;
    }

    /** The Glance notification name of a CloudEvents type; the type itself when it has no Glint prefix. */
    public static String wireName(String cloudEventType) {
        return cloudEventType.startsWith(TYPE_PREFIX) ? cloudEventType.substring(TYPE_PREFIX.length()) : cloudEventType;
    }

    /** {@code urn:glint:event-schema:image.activate:v1}, the {@code $id} of docs/events/schemas/image.activate.v1.json. */
    public static URI dataSchema(String wireName, int version) {
        return URI.create(SCHEMA_PREFIX + wireName + ":v" + version);
    }
}
