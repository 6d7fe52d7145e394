package dev.glint.domain.events;

import dev.glint.domain.ImageEventType;
import dev.glint.domain.ImportWork;
import dev.glint.domain.MetadefEvent;
import dev.glint.domain.MetadefEventType;
import dev.glint.domain.TaskEventType;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Every event type Glint publishes: its topic, the record its data is, and the version of its
 * JSON Schema (docs/events/schemas/TYPE.vVERSION.json, named by the event's {@code dataschema}).
 * docs/asyncapi.yaml and the schemas are checked against this list, so that neither can name an
 * event the code does not publish, nor miss one it does.
 */
public final class EventCatalog {

    /** One published event type. */
    public record Entry(String wireName, EventStream stream, Class<?> data, int version) {

        public String cloudEventType() {
            return CloudEventNames.type(wireName);
        }

        public URI dataSchema() {
            return CloudEventNames.dataSchema(wireName, version);
        }

        /** The schema's file name under docs/events/schemas. */
        public String schemaFile() {
            return wireName + ".v" + version + ".json";
        }
    }

    private static final List<Entry> ENTRIES;

    static {
        List<Entry> entries = new ArrayList<>();
        for (ImageEventType type : ImageEventType.values()) {
            Class<?> data = switch (type.stream()) {
                case IMAGE_UPLOADS -> DataReceived.class;
                case IMAGE_MEMBERS -> ImageMemberChanged.class;
                default -> ImageChanged.class;
            };
            entries.add(new Entry(type.wireName(), type.stream(), data, 1));
        }
        for (TaskEventType type : TaskEventType.values()) {
            entries.add(new Entry(type.wireName(), EventStream.TASKS, TaskChanged.class, 1));
        }
        for (MetadefEventType type : MetadefEventType.values()) {
            entries.add(new Entry(type.wireName(), EventStream.METADEFS, MetadefEvent.class, 1));
        }
        entries.add(new Entry(ImportWork.REQUESTED, EventStream.IMPORT_WORK, ImportWork.class, 1));
        entries.add(new Entry(ImportWork.FINISHED, EventStream.IMPORT_WORK, ImportWork.class, 1));
        ENTRIES = Collections.unmodifiableList(entries);
    }

    private EventCatalog() {
    }

    public static List<Entry> entries() {
        return ENTRIES;
    }

    public static Optional<Entry> find(String wireName) {
        return ENTRIES.stream().filter(entry -> entry.wireName.equals(wireName)).findFirst();
    }
}
