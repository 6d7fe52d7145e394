package dev.glint.api.metadefs;

import dev.glint.persistence.metadefs.MetadefNamespaceRecord;
import dev.glint.persistence.metadefs.MetadefObjectRecord;
import dev.glint.persistence.metadefs.MetadefPropertyRecord;
import dev.glint.persistence.metadefs.MetadefTagRecord;
import java.util.List;

/**
 * A namespace with what it holds, as {@code GET /v2/metadefs/namespaces/{name}} shows it.
 *
 * @param prefix put in front of every property name shown (the prefix of the resource type the
 *               caller asked for with {@code ?resource_type=}); null for none
 */
public record NamespaceDetail(MetadefNamespaceRecord namespace, List<NamedAssociation> associations,
        List<MetadefPropertyRecord> properties, List<MetadefObjectRecord> objects, List<MetadefTagRecord> tags,
        String prefix) {
}
