package dev.glint.persistence.metadefs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A kind of resource namespaces apply to ({@code OS::Glance::Image}, {@code OS::Nova::Flavor}, ...). */
@Entity
@Table(name = "metadef_resource_types")
public class MetadefResourceTypeRecord {

    @Id
    public UUID id;

    public String name;

    /** Seeded types are never removed. */
    @Column(name = "protected")
    public boolean isProtected;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
