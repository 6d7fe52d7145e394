package dev.glint.api.metadefs;

import dev.glint.api.domain.ApiException;
import dev.glint.api.identity.Caller;
import dev.glint.api.rest.ApiConfig;
import dev.glint.domain.MetadefEventType;
import dev.glint.persistence.Transactions;
import dev.glint.persistence.metadefs.MetadefEvents;
import dev.glint.persistence.metadefs.MetadefNamespaceRecord;
import dev.glint.persistence.metadefs.MetadefObjectRecord;
import dev.glint.persistence.metadefs.MetadefPayloads;
import dev.glint.persistence.metadefs.MetadefPropertyRecord;
import dev.glint.persistence.metadefs.MetadefTagRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Metadata definition namespaces: list (filters, sorting, paging), create (with the properties,
 * objects, tags and resource type associations the body may hold), show (with all it holds),
 * update and delete (with everything in it). Every change and its events are one transaction.
 */
@ApplicationScoped
public class NamespaceService {

    private static final Map<String, String> SORT_KEYS = Map.of("namespace", "namespace", "created_at", "createdAt",
            "updated_at", "updatedAt");
    private static final Set<String> VISIBILITIES = Set.of("public", "private");

    private final Transactions tx;
    private final MetadefAccess access;
    private final MetadefSchemas schemas;
    private final MetadefEvents events;
    private final CatalogWrites writes;
    private final ApiConfig config;

    public NamespaceService(Transactions tx, MetadefAccess access, MetadefSchemas schemas, MetadefEvents events,
            CatalogWrites writes, ApiConfig config) {
        this.tx = tx;
        this.access = access;
        this.schemas = schemas;
        this.events = events;
        this.writes = writes;
        this.config = config;
    }

    /** A page of namespaces with their resource type associations; {@code nextMarker} null on the last page. */
    public record NamespacePage(List<MetadefNamespaceRecord> namespaces, Map<UUID, List<NamedAssociation>> associations,
            String nextMarker) {
    }

    public Uni<NamespacePage> list(Caller caller, Map<String, String> query) {
        access.requireForProject("get_metadef_namespaces", caller);
        access.requireForProject("list_metadef_resource_types", caller);
        int limit = limit(query.get("limit"));
        String sortKey = query.getOrDefault("sort_key", "created_at");
        String attribute = SORT_KEYS.get(sortKey);
        if (attribute == null) {
            throw ApiException.badRequest("Invalid sort key: " + sortKey + "; use one of " + SORT_KEYS.keySet() + ".");
        }
        String sortDir = query.getOrDefault("sort_dir", "desc");
        if (!sortDir.equals("asc") && !sortDir.equals("desc")) {
            throw ApiException.badRequest("Invalid sort direction: " + sortDir);
        }
        String visibility = query.get("visibility");
        if (visibility != null && !VISIBILITIES.contains(visibility)) {
            throw ApiException.badRequest("Invalid visibility value: " + visibility);
        }
        List<String> resourceTypes = query.get("resource_types") == null ? null
                : List.of(query.get("resource_types").split(","));
        String marker = query.get("marker");
        return tx.read(session -> markerNamespace(session, caller, marker).flatMap(after -> {
            StringBuilder hql = new StringBuilder("from MetadefNamespaceRecord n where true");
            Map<String, Object> parameters = new LinkedHashMap<>();
            if (!caller.isAdmin()) {
                hql.append(caller.projectId() == null ? " and n.visibility = 'public'"
                        : " and (n.visibility = 'public' or n.owner = :me)");
                if (caller.projectId() != null) {
                    parameters.put("me", caller.projectId());
                }
            }
            if (visibility != null) {
                hql.append(" and n.visibility = :visibility");
                parameters.put("visibility", visibility);
            }
            if (resourceTypes != null) {
                hql.append(" and exists (select 1 from MetadefResourceTypeAssociationRecord a, MetadefResourceTypeRecord t"
                        + " where a.namespaceId = n.id and t.id = a.resourceTypeId and t.name in :types)");
                parameters.put("types", resourceTypes);
            }
            String op = sortDir.equals("asc") ? ">" : "<";
            if (after != null) {
                hql.append(" and (n.").append(attribute).append(' ').append(op).append(" :mv or (n.").append(attribute)
                        .append(" = :mv and n.id ").append(op).append(" :mid))");
                parameters.put("mv", sortValue(after, sortKey));
                parameters.put("mid", after.id);
            }
            hql.append(" order by n.").append(attribute).append(' ').append(sortDir).append(", n.id ").append(sortDir);
            Mutiny.SelectionQuery<MetadefNamespaceRecord> select =
                    session.createSelectionQuery(hql.toString(), MetadefNamespaceRecord.class);
            parameters.forEach(select::setParameter);
            return select.setMaxResults(limit + 1).getResultList().flatMap(found -> {
                boolean more = found.size() > limit;
                List<MetadefNamespaceRecord> page = more ? found.subList(0, limit) : found;
                String next = more ? page.get(page.size() - 1).namespace : null;
                // As Glance: the page is what get_metadef_namespace lets the caller see of it.
                List<MetadefNamespaceRecord> shown = page.stream()
                        .filter(namespace -> access.allows(MetadefAccess.GET_NAMESPACE, caller, namespace)).toList();
                return CatalogQueries.associations(session, shown.stream().map(namespace -> namespace.id).toList())
                        .map(associations -> new NamespacePage(shown, associations.stream().collect(
                                Collectors.groupingBy(named -> named.association().namespaceId)), next));
            });
        }));
    }

    private int limit(String requested) {
        if (requested == null) {
            return config.listLimitDefault();
        }
        try {
            int limit = Integer.parseInt(requested);
            if (limit < 0) {
                throw ApiException.badRequest("limit param must be positive");
            }
            return Math.min(limit, config.listLimitMax());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit param must be an integer");
        }
    }

    private static Object sortValue(MetadefNamespaceRecord namespace, String sortKey) {
        return switch (sortKey) {
            case "namespace" -> namespace.namespace;
            case "updated_at" -> namespace.updatedAt;
            default -> namespace.createdAt;
        };
    }

    private Uni<MetadefNamespaceRecord> markerNamespace(Mutiny.Session session, Caller caller, String marker) {
        if (marker == null) {
            return Uni.createFrom().nullItem();
        }
        return CatalogQueries.namespace(session, marker).map(found -> access.visible(caller, found, marker));
    }

    /** {@code POST /v2/metadefs/namespaces}: the namespace and whatever the body holds, all or nothing. */
    public Uni<NamespaceDetail> create(Caller caller, Map<String, Object> body) {
        MetadefBodies.refuseReadOnly(body, MetadefBodies.GENERATED);
        schemas.checkNamespace(body);
        access.requireForProject("add_metadef_namespace", caller);
        List<?> associations = list(body, "resource_type_associations");
        List<?> objects = list(body, "objects");
        List<?> tags = list(body, "tags");
        Map<String, Object> properties = PropertyDefinitions.all(body.get("properties"));
        if (!associations.isEmpty()) {
            access.requireForProject("add_metadef_resource_type_association", caller);
        }
        if (!objects.isEmpty()) {
            access.requireForProject("add_metadef_object", caller);
        }
        if (!properties.isEmpty()) {
            access.requireForProject("add_metadef_property", caller);
        }
        if (!tags.isEmpty()) {
            access.requireForProject("add_metadef_tag", caller);
        }
        MetadefNamespaceRecord namespace = new MetadefNamespaceRecord();
        namespace.id = UUID.randomUUID();
        apply(caller, namespace, body, caller.projectId());
        namespace.createdAt = Instant.now();
        namespace.updatedAt = namespace.createdAt;
        return tx.inTransaction(session -> CatalogQueries.namespace(session, namespace.namespace)
                .flatMap(existing -> {
                    if (existing != null) {
                        throw duplicate(namespace.namespace);
                    }
                    return session.persist(namespace);
                })
                .chain(session::flush)
                .chain(() -> events.record(session, MetadefEventType.NAMESPACE_CREATE, namespace.namespace,
                        MetadefPayloads.namespace(namespace, null)))
                .chain(() -> createContents(session, namespace, associations, objects, properties, tags))
                .onFailure(CatalogWrites::isConstraintViolation).transform(e -> duplicate(namespace.namespace)));
    }

    private Uni<NamespaceDetail> createContents(Mutiny.Session session, MetadefNamespaceRecord namespace,
            List<?> associations, List<?> objects, Map<String, Object> properties, List<?> tags) {
        List<NamedAssociation> createdAssociations = new ArrayList<>();
        List<MetadefObjectRecord> createdObjects = new ArrayList<>();
        List<MetadefPropertyRecord> createdProperties = new ArrayList<>();
        List<MetadefTagRecord> createdTags = new ArrayList<>();
        Uni<Void> work = Uni.createFrom().voidItem();
        for (Object association : associations) {
            Map<String, Object> fields = fields(association);
            work = work.chain(() -> writes.associate(session, namespace, fields).invoke(createdAssociations::add))
                    .replaceWithVoid();
        }
        for (Object object : objects) {
            Map<String, Object> fields = fields(object);
            work = work.chain(() -> writes.addObject(session, namespace, fields).invoke(createdObjects::add))
                    .replaceWithVoid();
        }
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            work = work.chain(() -> writes.addProperty(session, namespace, property.getKey(), fields(property.getValue()))
                    .invoke(createdProperties::add)).replaceWithVoid();
        }
        for (Object tag : tags) {
            String name = MetadefBodies.text(fields(tag), "name");
            work = work.chain(() -> writes.addTag(session, namespace, name).invoke(createdTags::add)).replaceWithVoid();
        }
        return work.map(done -> new NamespaceDetail(namespace, createdAssociations, createdProperties, createdObjects,
                createdTags, null));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<?> list(Map<String, Object> body, String field) {
        return body.get(field) instanceof List<?> list ? list : List.of();
    }

    /** The namespace's own attributes from a create or update body; absent ones take their defaults. */
    private static void apply(Caller caller, MetadefNamespaceRecord namespace, Map<String, Object> body,
            String defaultOwner) {
        String name = MetadefBodies.text(body, "namespace");
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("A namespace needs a name ('namespace').");
        }
        namespace.namespace = name;
        namespace.displayName = MetadefBodies.text(body, "display_name");
        namespace.description = MetadefBodies.text(body, "description");
        String visibility = MetadefBodies.text(body, "visibility");
        namespace.visibility = visibility == null ? "private" : visibility;
        namespace.isProtected = Boolean.TRUE.equals(body.get("protected"));
        String owner = MetadefBodies.text(body, "owner");
        if (owner != null && !owner.equals(caller.projectId()) && !caller.isAdmin()) {
            throw ApiException.forbidden("Only admins may make another project the owner of a namespace.");
        }
        namespace.owner = owner != null ? owner : defaultOwner;
        if (namespace.owner == null || namespace.owner.isBlank()) {
            throw ApiException.badRequest("The namespace has no owner: name one ('owner') or call with a project.");
        }
    }

    public Uni<NamespaceDetail> show(Caller caller, String name, String resourceType) {
        return tx.read(session -> CatalogQueries.namespace(session, name).flatMap(found -> {
            MetadefNamespaceRecord namespace = access.visible(caller, found, name);
            access.require(MetadefAccess.GET_NAMESPACE, caller, namespace);
            for (String action : List.of("list_metadef_resource_types", "get_metadef_objects", "get_metadef_properties",
                    "get_metadef_tags")) {
                access.require(action, caller, namespace);
            }
            return CatalogQueries.associations(session, List.of(namespace.id))
                    .flatMap(associations -> CatalogQueries.properties(session, namespace.id)
                            .flatMap(properties -> CatalogQueries.objects(session, namespace.id)
                                    .flatMap(objects -> CatalogQueries.tags(session, namespace.id)
                                            .map(tags -> new NamespaceDetail(namespace, associations, properties,
                                                    objects, tags, prefix(associations, resourceType))))));
        }));
    }

    /**
     * The prefix the namespace's association with {@code resourceType} puts in front of property
     * names; null (names shown as they are) when there is no such association or it has no prefix.
     */
    private static String prefix(List<NamedAssociation> associations, String resourceType) {
        return resourceType == null ? null : associations.stream()
                .filter(named -> named.name().equals(resourceType))
                .map(named -> named.association().prefix)
                .findFirst().orElse(null);
    }

    /**
     * {@code PUT}: replaces the namespace's own attributes (absent ones take their defaults, as in
     * Glance; the owner stays unless given); may rename it. What it holds is untouched.
     */
    public Uni<MetadefNamespaceRecord> update(Caller caller, String name, Map<String, Object> body) {
        MetadefBodies.refuseReadOnly(body, MetadefBodies.GENERATED);
        schemas.checkNamespace(body);
        return tx.inTransaction(session -> CatalogQueries.namespace(session, name).flatMap(found -> {
            MetadefNamespaceRecord namespace = access.visible(caller, found, name);
            access.require("modify_metadef_namespace", caller, namespace);
            String newName = MetadefBodies.text(body, "namespace");
            Uni<Void> free = newName == null || newName.equals(name) ? Uni.createFrom().voidItem()
                    : CatalogQueries.namespace(session, newName).invoke(other -> {
                        if (other != null) {
                            throw duplicate(newName);
                        }
                    }).replaceWithVoid();
            return free.chain(() -> {
                apply(caller, namespace, body, namespace.owner);
                namespace.updatedAt = Instant.now();
                return session.flush();
            }).chain(() -> events.record(session, MetadefEventType.NAMESPACE_UPDATE, namespace.namespace,
                    MetadefPayloads.namespace(namespace, name))).replaceWith(namespace);
        })).onFailure(CatalogWrites::isConstraintViolation).transform(e -> duplicate(body.get("namespace")));
    }

    /** {@code DELETE}: the namespace and everything in it, unless it is protected (403). */
    public Uni<Void> delete(Caller caller, String name) {
        return tx.inTransaction(session -> CatalogQueries.namespace(session, name).flatMap(found -> {
            MetadefNamespaceRecord namespace = access.visible(caller, found, name);
            access.require("delete_metadef_namespace", caller, namespace);
            if (namespace.isProtected) {
                throw ApiException.forbidden("Metadata definition namespace " + name
                        + " is protected and cannot be deleted.");
            }
            Instant now = Instant.now();
            return session.remove(namespace).chain(session::flush)
                    .chain(() -> events.record(session, MetadefEventType.NAMESPACE_DELETE, name,
                            MetadefPayloads.deleted(MetadefPayloads.namespace(namespace, null), now)))
                    .replaceWithVoid();
        }));
    }

    static ApiException duplicate(Object name) {
        return ApiException.conflict("The metadata definition namespace=" + name + " already exists.");
    }
}
