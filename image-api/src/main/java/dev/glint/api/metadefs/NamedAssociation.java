package dev.glint.api.metadefs;

import dev.glint.persistence.metadefs.MetadefResourceTypeAssociationRecord;

/** A resource type association with the name of its resource type, as the API shows it. */
public record NamedAssociation(String name, MetadefResourceTypeAssociationRecord association) {
}
