package dev.glint.api.metadefs;

import dev.glint.persistence.metadefs.MetadefNamespaceRecord;
import dev.glint.persistence.metadefs.MetadefObjectRecord;
import dev.glint.persistence.metadefs.MetadefPropertyRecord;
import dev.glint.persistence.metadefs.MetadefResourceTypeAssociationRecord;
import dev.glint.persistence.metadefs.MetadefResourceTypeRecord;
import dev.glint.persistence.metadefs.MetadefTagRecord;
import io.smallrye.mutiny.Uni;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** Look-ups of catalog rows by name inside a session; each is null (or empty) when nothing matches. */
final class CatalogQueries {

    private CatalogQueries() {
    }

    static Uni<MetadefNamespaceRecord> namespace(Mutiny.Session session, String name) {
        return session.createSelectionQuery("from MetadefNamespaceRecord where namespace = :name",
                        MetadefNamespaceRecord.class)
                .setParameter("name", name).getSingleResultOrNull();
    }

    static Uni<MetadefObjectRecord> object(Mutiny.Session session, UUID namespaceId, String name) {
        return session.createSelectionQuery("from MetadefObjectRecord where namespaceId = :ns and name = :name",
                        MetadefObjectRecord.class)
                .setParameter("ns", namespaceId).setParameter("name", name).getSingleResultOrNull();
    }

    static Uni<List<MetadefObjectRecord>> objects(Mutiny.Session session, UUID namespaceId) {
        return session.createSelectionQuery("from MetadefObjectRecord where namespaceId = :ns order by createdAt, name",
                        MetadefObjectRecord.class)
                .setParameter("ns", namespaceId).getResultList();
    }

    static Uni<MetadefPropertyRecord> property(Mutiny.Session session, UUID namespaceId, String name) {
        return session.createSelectionQuery("from MetadefPropertyRecord where namespaceId = :ns and name = :name",
                        MetadefPropertyRecord.class)
                .setParameter("ns", namespaceId).setParameter("name", name).getSingleResultOrNull();
    }

    static Uni<List<MetadefPropertyRecord>> properties(Mutiny.Session session, UUID namespaceId) {
        return session.createSelectionQuery("from MetadefPropertyRecord where namespaceId = :ns order by name",
                        MetadefPropertyRecord.class)
                .setParameter("ns", namespaceId).getResultList();
    }

    /** The tag whose name equals {@code name} regardless of case (tag names are unique that way). */
    static Uni<MetadefTagRecord> tagLike(Mutiny.Session session, UUID namespaceId, String name) {
        return session.createSelectionQuery(
                        "from MetadefTagRecord where namespaceId = :ns and lower(name) = lower(:name)",
                        MetadefTagRecord.class)
                .setParameter("ns", namespaceId).setParameter("name", name).getSingleResultOrNull();
    }

    static Uni<MetadefTagRecord> tag(Mutiny.Session session, UUID namespaceId, String name) {
        return session.createSelectionQuery("from MetadefTagRecord where namespaceId = :ns and name = :name",
                        MetadefTagRecord.class)
                .setParameter("ns", namespaceId).setParameter("name", name).getSingleResultOrNull();
    }

    static Uni<List<MetadefTagRecord>> tags(Mutiny.Session session, UUID namespaceId) {
        return session.createSelectionQuery("from MetadefTagRecord where namespaceId = :ns order by createdAt, id",
                        MetadefTagRecord.class)
                .setParameter("ns", namespaceId).getResultList();
    }

    static Uni<MetadefResourceTypeRecord> resourceType(Mutiny.Session session, String name) {
        return session.createSelectionQuery("from MetadefResourceTypeRecord where name = :name",
                        MetadefResourceTypeRecord.class)
                .setParameter("name", name).getSingleResultOrNull();
    }

    static Uni<List<NamedAssociation>> associations(Mutiny.Session session, Collection<UUID> namespaceIds) {
        if (namespaceIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return session.createSelectionQuery("""
                        select t.name, a from MetadefResourceTypeAssociationRecord a, MetadefResourceTypeRecord t
                        where t.id = a.resourceTypeId and a.namespaceId in :ids order by a.createdAt, t.name""",
                        Object[].class)
                .setParameter("ids", namespaceIds).getResultList()
                .map(rows -> rows.stream().map(row -> new NamedAssociation((String) row[0],
                        (MetadefResourceTypeAssociationRecord) row[1])).toList());
    }
}
