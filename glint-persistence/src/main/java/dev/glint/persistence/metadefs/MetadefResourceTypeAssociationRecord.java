package dev.glint.persistence.metadefs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A namespace applies to a resource type: its properties are set on such resources with {@code prefix}
 * in front of their names (e.g. {@code hw_} on images, {@code hw:} in flavor extra specs), and for
 * resources with more than one set of key/value pairs, on {@code properties_target}.
 */
@Entity
@Table(name = "metadef_namespace_resource_types")
@IdClass(MetadefResourceTypeAssociationRecord.Key.class)
public class MetadefResourceTypeAssociationRecord {

    @Id
    @Column(name = "namespace_id")
    public UUID namespaceId;

    @Id
    @Column(name = "resource_type_id")
    public UUID resourceTypeId;

    public String prefix;

    @Column(name = "properties_target")
    public String propertiesTarget;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The composite primary key (namespace, resource type). */
    public static class Key implements Serializable {

        public UUID namespaceId;
        public UUID resourceTypeId;

        public Key() {
        }

        public Key(UUID namespaceId, UUID resourceTypeId) {
            this.namespaceId = namespaceId;
            this.resourceTypeId = resourceTypeId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(namespaceId, key.namespaceId)
                    && Objects.equals(resourceTypeId, key.resourceTypeId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(namespaceId, resourceTypeId);
        }
    }
}
