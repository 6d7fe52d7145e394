package dev.glint.api.metadefs;

import dev.glint.api.domain.ApiException;
import dev.glint.api.identity.Caller;
import dev.glint.domain.MetadefEventType;
import dev.glint.persistence.metadefs.MetadefEvents;
import dev.glint.persistence.metadefs.MetadefNamespaceRecord;
import dev.glint.persistence.metadefs.MetadefPayloads;
import dev.glint.persistence.metadefs.MetadefTagRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/** Tag definitions of a namespace; names are unique in it regardless of case, as in Glance. */
@ApplicationScoped
public class TagService {

    private static final Map<String, String> SORT_KEYS = Map.of("name", "name", "created_at", "createdAt",
            "updated_at", "updatedAt");

    private final NamespaceCalls calls;
    private final MetadefSchemas schemas;
    private final CatalogWrites writes;
    private final MetadefEvents events;

    public TagService(NamespaceCalls calls, MetadefSchemas schemas, CatalogWrites writes, MetadefEvents events) {
        this.calls = calls;
        this.schemas = schemas;
        this.writes = writes;
        this.events = events;
    }

    /**
     * {@code GET .../tags}: sorted by {@code sort_key} (name, created_at, updated_at; default
     * created_at) in {@code sort_dir} (default desc), from after the tag named {@code marker}, at most
     * {@code limit} (Glance sets no default limit on tags).
     */
    public Uni<List<MetadefTagRecord>> list(Caller caller, String namespace, Map<String, String> query) {
        String sortKey = query.getOrDefault("sort_key", "created_at");
        String attribute = SORT_KEYS.get(sortKey);
        if (attribute == null) {
            throw ApiException.badRequest("Invalid sort key: " + sortKey + "; use one of " + SORT_KEYS.keySet() + ".");
        }
        String sortDir = query.getOrDefault("sort_dir", "desc");
        if (!sortDir.equals("asc") && !sortDir.equals("desc")) {
            throw ApiException.badRequest("Invalid sort direction: " + sortDir);
        }
        Integer limit = limit(query.get("limit"));
        String marker = query.get("marker");
        return calls.read(caller, namespace, List.of("get_metadef_tags"), (session, ns) -> {
            Uni<MetadefTagRecord> after = marker == null || marker.isEmpty() ? Uni.createFrom().nullItem()
                    : CatalogQueries.tag(session, ns.id, marker).map(tag -> found(tag, marker, namespace));
            return after.flatMap(last -> {
                StringBuilder hql = new StringBuilder("from MetadefTagRecord t where t.namespaceId = :ns");
                String op = sortDir.equals("asc") ? ">" : "<";
                if (last != null) {
                    hql.append(" and (t.").append(attribute).append(' ').append(op).append(" :mv or (t.")
                            .append(attribute).append(" = :mv and t.id ").append(op).append(" :mid))");
                }
                hql.append(" order by t.").append(attribute).append(' ').append(sortDir)
                        .append(", t.id ").append(sortDir);
                Mutiny.SelectionQuery<MetadefTagRecord> select =
                        session.createSelectionQuery(hql.toString(), MetadefTagRecord.class).setParameter("ns", ns.id);
                if (last != null) {
                    select.setParameter("mv", switch (sortKey) {
                        case "name" -> last.name;
                        case "updated_at" -> last.updatedAt;
                        default -> last.createdAt;
                    }).setParameter("mid", last.id);
                }
                if (limit != null && limit == 0) {
                    return Uni.createFrom().item(List.<MetadefTagRecord>of());
                }
                if (limit != null) {
                    select.setMaxResults(limit);
                }
                return select.getResultList();
            });
        });
    }

    private static Integer limit(String requested) {
        if (requested == null || requested.isEmpty()) {
            return null;
        }
        try {
            int limit = Integer.parseInt(requested);
            if (limit < 0) {
                throw ApiException.badRequest("limit param must be positive");
            }
            return limit;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit param must be an integer");
        }
    }

    /** {@code POST .../tags/{name}}: one tag, no body. */
    public Uni<MetadefTagRecord> create(Caller caller, String namespace, String name) {
        schemas.checkTag(Map.of("name", name));
        return calls.change(caller, namespace, List.of("add_metadef_tag"),
                (session, ns) -> writes.addTag(session, ns, name))
                .onFailure(CatalogWrites::isConstraintViolation)
                .transform(e -> CatalogWrites.duplicateTag(name, namespace));
    }

    /**
     * {@code POST .../tags}: the namespace's tags become the listed ones, or with {@code append}
     * ({@code X-Openstack-Append: true}) the listed ones are added; a name given twice, or (when
     * appending) already there, is 409 and nothing changes; an empty list changes nothing.
     */
    public Uni<List<MetadefTagRecord>> createAll(Caller caller, String namespace, Map<String, Object> body,
            boolean append) {
        MetadefBodies.refuseReadOnly(body, MetadefBodies.TIMESTAMPS);
        schemas.checkTags(body);
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Object item : (List<?>) body.get("tags")) {
            String name = String.valueOf(((Map<?, ?>) item).get("name"));
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw CatalogWrites.duplicateTag(name, namespace);
            }
            names.add(name);
        }
        return calls.change(caller, namespace, List.of("add_metadef_tags"), (session, ns) -> {
            // As Glance: an empty list changes nothing, even without append.
            Uni<Void> start = append || names.isEmpty() ? Uni.createFrom().voidItem() : removeAll(session, ns);
            return start.chain(() -> {
                List<MetadefTagRecord> created = new ArrayList<>();
                Uni<Void> work = Uni.createFrom().voidItem();
                for (String name : names) {
                    work = work.chain(() -> writes.addTag(session, ns, name).invoke(created::add)).replaceWithVoid();
                }
                return work.replaceWith(created);
            });
        }).onFailure(CatalogWrites::isConstraintViolation).transform(e -> ApiException.conflict(
                "A metadata tag of that list already exists in namespace=" + namespace + "."));
    }

    /**
     * Removes every tag of the namespace; when there were some, that is a
     * {@code metadef_namespace.delete_tags} event, so consumers learn of tags a new list replaced.
     */
    private Uni<Void> removeAll(Mutiny.Session session, MetadefNamespaceRecord namespace) {
        return session.createMutationQuery("delete from MetadefTagRecord where namespaceId = :ns")
                .setParameter("ns", namespace.id).executeUpdate()
                .flatMap(removed -> removed == 0 ? Uni.createFrom().voidItem()
                        : events.record(session, MetadefEventType.NAMESPACE_DELETE_TAGS, namespace.namespace,
                                MetadefPayloads.namespace(namespace, null)).replaceWithVoid());
    }

    public Uni<MetadefTagRecord> show(Caller caller, String namespace, String name) {
        return calls.read(caller, namespace, List.of("get_metadef_tag"),
                (session, ns) -> CatalogQueries.tag(session, ns.id, name).map(tag -> found(tag, name, namespace)));
    }

    /** {@code PUT .../tags/{name}} with {@code {"name": ...}}: renames the tag. */
    public Uni<MetadefTagRecord> update(Caller caller, String namespace, String name, Map<String, Object> body) {
        MetadefBodies.refuseReadOnly(body, MetadefBodies.TIMESTAMPS);
        schemas.checkTag(body);
        String newName = MetadefBodies.text(body, "name");
        return calls.change(caller, namespace, List.of("modify_metadef_tag"),
                (session, ns) -> CatalogQueries.tag(session, ns.id, name).flatMap(existing -> {
                    MetadefTagRecord tag = found(existing, name, namespace);
                    return CatalogQueries.tagLike(session, ns.id, newName).flatMap(other -> {
                        if (other != null && !other.id.equals(tag.id)) {
                            throw CatalogWrites.duplicateTag(newName, namespace);
                        }
                        tag.name = newName;
                        tag.updatedAt = Instant.now();
                        return session.flush();
                    }).chain(() -> events.record(session, MetadefEventType.TAG_UPDATE, namespace,
                            MetadefPayloads.tag(namespace, tag, name))).replaceWith(tag);
                }))
                .onFailure(CatalogWrites::isConstraintViolation)
                .transform(e -> CatalogWrites.duplicateTag(newName, namespace));
    }

    public Uni<Void> delete(Caller caller, String namespace, String name) {
        return calls.change(caller, namespace, List.of("delete_metadef_tag"),
                (session, ns) -> CatalogQueries.tag(session, ns.id, name).flatMap(existing -> {
                    MetadefTagRecord tag = found(existing, name, namespace);
                    NamespaceCalls.requireUnprotected(ns, "Metadata definition tag " + name);
                    Instant now = Instant.now();
                    return session.remove(tag).chain(session::flush)
                            .chain(() -> events.record(session, MetadefEventType.TAG_DELETE, namespace,
                                    MetadefPayloads.deleted(MetadefPayloads.tag(namespace, tag, null), now)))
                            .replaceWithVoid();
                }));
    }

    /** {@code DELETE .../tags}: Glance asks for both the namespace delete rule and {@code delete_metadef_tags}. */
    public Uni<Void> deleteAll(Caller caller, String namespace) {
        return calls.change(caller, namespace, List.of("delete_metadef_namespace", "delete_metadef_tags"),
                (session, ns) -> {
                    NamespaceCalls.requireUnprotected(ns, "Metadata definition namespace " + namespace);
                    return session.createMutationQuery("delete from MetadefTagRecord where namespaceId = :ns")
                            .setParameter("ns", ns.id).executeUpdate()
                            .chain(() -> events.record(session, MetadefEventType.NAMESPACE_DELETE_TAGS, namespace,
                                    MetadefPayloads.namespace(ns, null)))
                            .replaceWithVoid();
                });
    }

    static MetadefTagRecord found(MetadefTagRecord tag, String name, String namespace) {
        if (tag == null) {
            throw ApiException.notFound("The metadata definition tag with name=" + name + " was not found in namespace="
                    + namespace + ".");
        }
        return tag;
    }
}
