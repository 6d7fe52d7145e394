package dev.glint.api.metadefs;

import dev.glint.api.domain.ApiException;
import dev.glint.domain.MetadefEventType;
import dev.glint.persistence.metadefs.MetadefEvents;
import dev.glint.persistence.metadefs.MetadefNamespaceRecord;
import dev.glint.persistence.metadefs.MetadefObjectRecord;
import dev.glint.persistence.metadefs.MetadefPayloads;
import dev.glint.persistence.metadefs.MetadefPropertyRecord;
import dev.glint.persistence.metadefs.MetadefResourceTypeAssociationRecord;
import dev.glint.persistence.metadefs.MetadefResourceTypeRecord;
import dev.glint.persistence.metadefs.MetadefTagRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Adds definitions to a namespace inside the caller's transaction, each with its event: used by
 * the calls that add one definition and by namespace creation, which may add many. A name already
 * taken in the namespace is 409.
 */
@ApplicationScoped
public class CatalogWrites {

    private final MetadefEvents events;

    public CatalogWrites(MetadefEvents events) {
        this.events = events;
    }

    /** Associates the resource type named in {@code fields} (created if it does not exist yet). */
    public Uni<NamedAssociation> associate(Mutiny.Session session, MetadefNamespaceRecord namespace,
            Map<String, Object> fields) {
        String name = MetadefBodies.text(fields, "name");
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("A resource type association needs the resource type's name ('name').");
        }
        Instant now = Instant.now();
        return CatalogQueries.resourceType(session, name).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(existing);
            }
            MetadefResourceTypeRecord type = new MetadefResourceTypeRecord();
            type.id = UUID.randomUUID();
            type.name = name;
            type.createdAt = now;
            type.updatedAt = now;
            return session.persist(type).replaceWith(type);
        }).flatMap(type -> session.find(MetadefResourceTypeAssociationRecord.class,
                new MetadefResourceTypeAssociationRecord.Key(namespace.id, type.id)).flatMap(taken -> {
                    if (taken != null) {
                        throw ApiException.conflict("The metadata definition resource-type association of resource-type="
                                + name + " to namespace=" + namespace.namespace + " already exists.");
                    }
                    MetadefResourceTypeAssociationRecord association = new MetadefResourceTypeAssociationRecord();
                    association.namespaceId = namespace.id;
                    association.resourceTypeId = type.id;
                    association.prefix = MetadefBodies.text(fields, "prefix");
                    association.propertiesTarget = MetadefBodies.text(fields, "properties_target");
                    association.createdAt = now;
                    association.updatedAt = now;
                    return session.persist(association).chain(session::flush)
                            .chain(() -> events.record(session, MetadefEventType.RESOURCE_TYPE_CREATE, namespace.namespace,
                                    MetadefPayloads.resourceType(namespace.namespace, name, association)))
                            .replaceWith(new NamedAssociation(name, association));
                }));
    }

    public Uni<MetadefObjectRecord> addObject(Mutiny.Session session, MetadefNamespaceRecord namespace,
            Map<String, Object> fields) {
        MetadefObjectRecord object = new MetadefObjectRecord();
        object.id = UUID.randomUUID();
        object.namespaceId = namespace.id;
        setObject(object, fields);
        object.createdAt = Instant.now();
        object.updatedAt = object.createdAt;
        return CatalogQueries.object(session, namespace.id, object.name).flatMap(taken -> {
            if (taken != null) {
                throw duplicateObject(object.name, namespace.namespace);
            }
            return session.persist(object).chain(session::flush);
        }).chain(() -> events.record(session, MetadefEventType.OBJECT_CREATE, namespace.namespace,
                MetadefPayloads.object(namespace.namespace, object, null))).replaceWith(object);
    }

    /** An object's attributes from a create or update body; what the body leaves out is cleared. */
    static void setObject(MetadefObjectRecord object, Map<String, Object> fields) {
        String name = MetadefBodies.text(fields, "name");
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("An object needs a name ('name').");
        }
        object.name = name;
        object.description = MetadefBodies.text(fields, "description");
        object.required = fields.get("required") instanceof List<?> required
                ? new ArrayList<>(required.stream().map(String::valueOf).toList()) : null;
        object.properties = PropertyDefinitions.all(fields.get("properties"));
    }

    public Uni<MetadefPropertyRecord> addProperty(Mutiny.Session session, MetadefNamespaceRecord namespace, String name,
            Map<String, Object> fields) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("A property needs a name ('name').");
        }
        MetadefPropertyRecord property = new MetadefPropertyRecord();
        property.id = UUID.randomUUID();
        property.namespaceId = namespace.id;
        property.name = name;
        property.definition = PropertyDefinitions.of(fields);
        property.createdAt = Instant.now();
        property.updatedAt = property.createdAt;
        return CatalogQueries.property(session, namespace.id, name).flatMap(taken -> {
            if (taken != null) {
                throw duplicateProperty(name, namespace.namespace);
            }
            return session.persist(property).chain(session::flush);
        }).chain(() -> events.record(session, MetadefEventType.PROPERTY_CREATE, namespace.namespace,
                MetadefPayloads.property(namespace.namespace, property, null))).replaceWith(property);
    }

    public Uni<MetadefTagRecord> addTag(Mutiny.Session session, MetadefNamespaceRecord namespace, String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("A tag needs a name.");
        }
        MetadefTagRecord tag = new MetadefTagRecord();
        tag.id = UUID.randomUUID();
        tag.namespaceId = namespace.id;
        tag.name = name;
        tag.createdAt = Instant.now();
        tag.updatedAt = tag.createdAt;
        return CatalogQueries.tagLike(session, namespace.id, name).flatMap(taken -> {
            if (taken != null) {
                throw duplicateTag(name, namespace.namespace);
            }
            return session.persist(tag).chain(session::flush);
        }).chain(() -> events.record(session, MetadefEventType.TAG_CREATE, namespace.namespace,
                MetadefPayloads.tag(namespace.namespace, tag, null))).replaceWith(tag);
    }

    static ApiException duplicateObject(String name, String namespace) {
        return ApiException.conflict("A metadata definition object with name=" + name
                + " already exists in namespace=" + namespace + ".");
    }

    static ApiException duplicateProperty(String name, String namespace) {
        return ApiException.conflict("A metadata definition property with name=" + name
                + " already exists in namespace=" + namespace + ".");
    }

    static ApiException duplicateTag(String name, String namespace) {
        return ApiException.conflict("A metadata tag with name=" + name + " already exists in namespace=" + namespace
                + ". (Please note that metadata tag names are case insensitive).");
    }

    /** A unique constraint refused a row: another request took the name between our check and our insert. */
    static boolean isConstraintViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
