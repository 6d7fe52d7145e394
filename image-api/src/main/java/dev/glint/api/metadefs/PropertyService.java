package dev.glint.api.metadefs;

import dev.glint.api.domain.ApiException;
import dev.glint.api.identity.Caller;
import dev.glint.domain.MetadefEventType;
import dev.glint.persistence.metadefs.MetadefEvents;
import dev.glint.persistence.metadefs.MetadefPayloads;
import dev.glint.persistence.metadefs.MetadefPropertyRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Property definitions of a namespace. */
@ApplicationScoped
public class PropertyService {

    private final NamespaceCalls calls;
    private final MetadefSchemas schemas;
    private final CatalogWrites writes;
    private final MetadefEvents events;

    public PropertyService(NamespaceCalls calls, MetadefSchemas schemas, CatalogWrites writes, MetadefEvents events) {
        this.calls = calls;
        this.schemas = schemas;
        this.writes = writes;
        this.events = events;
    }

    public Uni<List<MetadefPropertyRecord>> list(Caller caller, String namespace) {
        return calls.read(caller, namespace, List.of("get_metadef_properties"),
                (session, ns) -> CatalogQueries.properties(session, ns.id));
    }

    public Uni<MetadefPropertyRecord> create(Caller caller, String namespace, Map<String, Object> body) {
        MetadefBodies.refuseReadOnly(body, MetadefBodies.TIMESTAMPS);
        schemas.checkProperty(body);
        String name = MetadefBodies.text(body, "name");
        return calls.change(caller, namespace, List.of("add_metadef_property"),
                (session, ns) -> writes.addProperty(session, ns, name, body))
                .onFailure(CatalogWrites::isConstraintViolation)
                .transform(e -> CatalogWrites.duplicateProperty(name, namespace));
    }

    /**
     * One property. With {@code resourceType}, {@code name} carries the prefix of the namespace's
     * association with that resource type ({@code hw_cpu_cores} for {@code cpu_cores}), which is
     * removed before the look-up; a name without that prefix is 404.
     */
    public Uni<MetadefPropertyRecord> show(Caller caller, String namespace, String name, String resourceType) {
        List<String> actions = resourceType == null ? List.of("get_metadef_property")
                : List.of("get_metadef_property", "get_metadef_resource_type");
        return calls.read(caller, namespace, actions, (session, ns) -> {
            Uni<String> unprefixed = resourceType == null ? Uni.createFrom().item(name)
                    : CatalogQueries.associations(session, List.of(ns.id)).map(associations -> {
                        NamedAssociation association = associations.stream()
                                .filter(named -> named.name().equals(resourceType)).findFirst()
                                .orElseThrow(() -> ApiException.notFound("The metadata definition resource-type "
                                        + "association of resource-type=" + resourceType + " to namespace=" + namespace
                                        + ", was not found."));
                        String prefix = association.association().prefix;
                        if (prefix == null || !name.startsWith(prefix)) {
                            throw ApiException.notFound("Property " + name + " does not start with the expected "
                                    + "resource type association prefix of '" + prefix + "'.");
                        }
                        return name.substring(prefix.length());
                    });
            return unprefixed.flatMap(stored -> CatalogQueries.property(session, ns.id, stored)
                    .map(property -> found(property, stored, namespace)));
        });
    }

    /** {@code PUT}: the definition becomes what the body says; may rename the property. */
    public Uni<MetadefPropertyRecord> update(Caller caller, String namespace, String name, Map<String, Object> body) {
        MetadefBodies.refuseReadOnly(body, MetadefBodies.TIMESTAMPS);
        schemas.checkProperty(body);
        String newName = MetadefBodies.text(body, "name");
        return calls.change(caller, namespace, List.of("modify_metadef_property"),
                (session, ns) -> CatalogQueries.property(session, ns.id, name).flatMap(existing -> {
                    MetadefPropertyRecord property = found(existing, name, namespace);
                    Uni<Void> free = name.equals(newName) ? Uni.createFrom().voidItem()
                            : CatalogQueries.property(session, ns.id, newName).invoke(other -> {
                                if (other != null) {
                                    throw CatalogWrites.duplicateProperty(newName, namespace);
                                }
                            }).replaceWithVoid();
                    return free.chain(() -> {
                        property.name = newName;
                        property.definition = PropertyDefinitions.of(body);
                        property.updatedAt = Instant.now();
                        return session.flush();
                    }).chain(() -> events.record(session, MetadefEventType.PROPERTY_UPDATE, namespace,
                            MetadefPayloads.property(namespace, property, name))).replaceWith(property);
                }))
                .onFailure(CatalogWrites::isConstraintViolation)
                .transform(e -> CatalogWrites.duplicateProperty(newName, namespace));
    }

    public Uni<Void> delete(Caller caller, String namespace, String name) {
        return calls.change(caller, namespace, List.of("remove_metadef_property"),
                (session, ns) -> CatalogQueries.property(session, ns.id, name).flatMap(existing -> {
                    MetadefPropertyRecord property = found(existing, name, namespace);
                    NamespaceCalls.requireUnprotected(ns, "Metadata definition property " + name);
                    Instant now = Instant.now();
                    return session.remove(property).chain(session::flush)
                            .chain(() -> events.record(session, MetadefEventType.PROPERTY_DELETE, namespace,
                                    MetadefPayloads.deleted(MetadefPayloads.property(namespace, property, null), now)))
                            .replaceWithVoid();
                }));
    }

    /** {@code DELETE .../properties}: every property of the namespace; Glance asks for the namespace delete rule. */
    public Uni<Void> deleteAll(Caller caller, String namespace) {
        return calls.change(caller, namespace, List.of("delete_metadef_namespace"), (session, ns) -> {
            NamespaceCalls.requireUnprotected(ns, "Metadata definition namespace " + namespace);
            return session.createMutationQuery("delete from MetadefPropertyRecord where namespaceId = :ns")
                    .setParameter("ns", ns.id).executeUpdate()
                    .chain(() -> events.record(session, MetadefEventType.NAMESPACE_DELETE_PROPERTIES, namespace,
                            MetadefPayloads.namespace(ns, null)))
                    .replaceWithVoid();
        });
    }

    private static MetadefPropertyRecord found(MetadefPropertyRecord property, String name, String namespace) {
        if (property == null) {
            throw ApiException.notFound("The metadata definition property with name=" + name
                    + " was not found in namespace=" + namespace + ".");
        }
        return property;
    }
}
