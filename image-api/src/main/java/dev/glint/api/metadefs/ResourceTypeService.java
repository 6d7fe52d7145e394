package dev.glint.api.metadefs;

import dev.glint.api.domain.ApiException;
import dev.glint.api.identity.Caller;
import dev.glint.domain.MetadefEventType;
import dev.glint.persistence.Transactions;
import dev.glint.persistence.metadefs.MetadefEvents;
import dev.glint.persistence.metadefs.MetadefPayloads;
import dev.glint.persistence.metadefs.MetadefResourceTypeRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Resource types, and their associations with namespaces. */
@ApplicationScoped
public class ResourceTypeService {

    private final Transactions tx;
    private final MetadefAccess access;
    private final NamespaceCalls calls;
    private final MetadefSchemas schemas;
    private final CatalogWrites writes;
    private final MetadefEvents events;

    public ResourceTypeService(Transactions tx, MetadefAccess access, NamespaceCalls calls, MetadefSchemas schemas,
            CatalogWrites writes, MetadefEvents events) {
        this.tx = tx;
        this.access = access;
        this.calls = calls;
        this.schemas = schemas;
        this.writes = writes;
        this.events = events;
    }

    /** Every resource type, whichever namespaces (visible or not) use it: they are not secrets, as in Glance. */
    public Uni<List<MetadefResourceTypeRecord>> list(Caller caller) {
        access.requireForProject("list_metadef_resource_types", caller);
        return tx.read(session -> session.createSelectionQuery(
                "from MetadefResourceTypeRecord order by createdAt, name", MetadefResourceTypeRecord.class)
                .getResultList());
    }

    /** The namespace's associations that {@code get_metadef_resource_type} lets the caller see. */
    public Uni<List<NamedAssociation>> associations(Caller caller, String namespace) {
        return calls.read(caller, namespace, List.of("list_metadef_resource_types"),
                (session, ns) -> CatalogQueries.associations(session, List.of(ns.id))
                        .map(all -> access.allows("get_metadef_resource_type", caller, ns) ? all : List.of()));
    }

    public Uni<NamedAssociation> associate(Caller caller, String namespace, Map<String, Object> body) {
        MetadefBodies.refuseReadOnly(body, MetadefBodies.TIMESTAMPS);
        schemas.checkResourceTypeAssociation(body);
        return calls.change(caller, namespace, List.of("add_metadef_resource_type_association"),
                (session, ns) -> writes.associate(session, ns, body))
                .onFailure(CatalogWrites::isConstraintViolation)
                .transform(e -> ApiException.conflict("The metadata definition resource-type association of "
                        + "resource-type=" + body.get("name") + " to namespace=" + namespace + " already exists."));
    }

    /** Removes the association; the resource type itself stays. */
    public Uni<Void> dissociate(Caller caller, String namespace, String resourceType) {
        return calls.change(caller, namespace, List.of("remove_metadef_resource_type_association"),
                (session, ns) -> CatalogQueries.associations(session, List.of(ns.id)).flatMap(associations -> {
                    NamedAssociation named = associations.stream().filter(a -> a.name().equals(resourceType))
                            .findFirst().orElseThrow(() -> ApiException.notFound(
                                    "Failed to find resource type " + resourceType + " to delete"));
                    NamespaceCalls.requireUnprotected(ns,
                            "Metadata definition resource-type-association " + resourceType);
                    Instant now = Instant.now();
                    return session.remove(named.association()).chain(session::flush)
                            .chain(() -> events.record(session, MetadefEventType.RESOURCE_TYPE_DELETE, namespace,
                                    MetadefPayloads.deleted(MetadefPayloads.resourceType(namespace, resourceType,
                                            named.association()), now)))
                            .replaceWithVoid();
                }));
    }
}
