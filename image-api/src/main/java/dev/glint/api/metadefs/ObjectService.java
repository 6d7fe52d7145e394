package dev.glint.api.metadefs;

import dev.glint.api.domain.ApiException;
import dev.glint.api.identity.Caller;
import dev.glint.domain.MetadefEventType;
import dev.glint.persistence.metadefs.MetadefEvents;
import dev.glint.persistence.metadefs.MetadefObjectRecord;
import dev.glint.persistence.metadefs.MetadefPayloads;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Metadata definition objects of a namespace: named groups of property definitions. */
@ApplicationScoped
public class ObjectService {

    private final NamespaceCalls calls;
    private final MetadefSchemas schemas;
    private final CatalogWrites writes;
    private final MetadefEvents events;

    public ObjectService(NamespaceCalls calls, MetadefSchemas schemas, CatalogWrites writes, MetadefEvents events) {
        this.calls = calls;
        this.schemas = schemas;
        this.writes = writes;
        this.events = events;
    }

    public Uni<List<MetadefObjectRecord>> list(Caller caller, String namespace) {
        return calls.read(caller, namespace, List.of("get_metadef_objects"),
                (session, ns) -> CatalogQueries.objects(session, ns.id));
    }

    public Uni<MetadefObjectRecord> create(Caller caller, String namespace, Map<String, Object> body) {
        MetadefBodies.refuseReadOnly(body, MetadefBodies.GENERATED);
        schemas.checkObject(body);
        return calls.change(caller, namespace, List.of("add_metadef_object"),
                (session, ns) -> writes.addObject(session, ns, body))
                .onFailure(CatalogWrites::isConstraintViolation)
                .transform(e -> CatalogWrites.duplicateObject(String.valueOf(body.get("name")), namespace));
    }

    public Uni<MetadefObjectRecord> show(Caller caller, String namespace, String name) {
        return calls.read(caller, namespace, List.of("get_metadef_object"),
                (session, ns) -> CatalogQueries.object(session, ns.id, name).map(object -> found(object, name, namespace)));
    }

    /** {@code PUT}: the object becomes what the body says (what it leaves out is cleared); may rename it. */
    public Uni<MetadefObjectRecord> update(Caller caller, String namespace, String name, Map<String, Object> body) {
        MetadefBodies.refuseReadOnly(body, MetadefBodies.GENERATED);
        schemas.checkObject(body);
        String newName = MetadefBodies.text(body, "name");
        return calls.change(caller, namespace, List.of("modify_metadef_object"),
                (session, ns) -> CatalogQueries.object(session, ns.id, name).flatMap(existing -> {
                    MetadefObjectRecord object = found(existing, name, namespace);
                    Uni<Void> free = name.equals(newName) ? Uni.createFrom().voidItem()
                            : CatalogQueries.object(session, ns.id, newName).invoke(other -> {
                                if (other != null) {
                                    throw CatalogWrites.duplicateObject(newName, namespace);
                                }
                            }).replaceWithVoid();
                    return free.chain(() -> {
                        CatalogWrites.setObject(object, body);
                        object.updatedAt = Instant.now();
                        return session.flush();
                    }).chain(() -> events.record(session, MetadefEventType.OBJECT_UPDATE, namespace,
                            MetadefPayloads.object(namespace, object, name))).replaceWith(object);
                }))
                .onFailure(CatalogWrites::isConstraintViolation)
                .transform(e -> CatalogWrites.duplicateObject(newName, namespace));
    }

    public Uni<Void> delete(Caller caller, String namespace, String name) {
        return calls.change(caller, namespace, List.of("delete_metadef_object"),
                (session, ns) -> CatalogQueries.object(session, ns.id, name).flatMap(existing -> {
                    MetadefObjectRecord object = found(existing, name, namespace);
                    NamespaceCalls.requireUnprotected(ns, "Metadata definition object " + name);
                    Instant now = Instant.now();
                    return session.remove(object).chain(session::flush)
                            .chain(() -> events.record(session, MetadefEventType.OBJECT_DELETE, namespace,
                                    MetadefPayloads.deleted(MetadefPayloads.object(namespace, object, null), now)))
                            .replaceWithVoid();
                }));
    }

    /** {@code DELETE .../objects}: every object of the namespace; Glance asks for the namespace delete rule. */
    public Uni<Void> deleteAll(Caller caller, String namespace) {
        return calls.change(caller, namespace, List.of("delete_metadef_namespace"), (session, ns) -> {
            NamespaceCalls.requireUnprotected(ns, "Metadata definition namespace " + namespace);
            return session.createMutationQuery("delete from MetadefObjectRecord where namespaceId = :ns")
                    .setParameter("ns", ns.id).executeUpdate()
                    .chain(() -> events.record(session, MetadefEventType.NAMESPACE_DELETE_OBJECTS, namespace,
                            MetadefPayloads.namespace(ns, null)))
                    .replaceWithVoid();
        });
    }

    private static MetadefObjectRecord found(MetadefObjectRecord object, String name, String namespace) {
        if (object == null) {
            throw ApiException.notFound("The metadata definition object with name=" + name
                    + " was not found in namespace=" + namespace + ".");
        }
        return object;
    }
}
