package dev.glint.api.domain;

import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which stores hold each image's data (Glance's {@code stores} attribute): the stores of its
 * verified copies, in the order the copies were made, looked up for a whole page in one query.
 */
@ApplicationScoped
public class ImageStores {

    private final Transactions tx;

    public ImageStores(Transactions tx) {
        this.tx = tx;
    }

    /** Image id to its stores; images without a verified copy are left out. */
    public Uni<Map<UUID, List<String>>> of(Collection<UUID> images) {
        if (images.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return tx.read(session -> session.createSelectionQuery("select l.imageId, l.store from ImageLocationRecord l"
                                + " where l.imageId in :ids and l.status = :active order by l.createdAt, l.id",
                        Object[].class)
                .setParameter("ids", List.copyOf(images))
                .setParameter("active", LocationStatus.ACTIVE)
                .getResultList())
                .map(rows -> {
                    Map<UUID, List<String>> stores = new LinkedHashMap<>();
                    for (Object[] row : rows) {
                        List<String> of = stores.computeIfAbsent((UUID) row[0], id -> new ArrayList<>());
                        if (row[1] != null && !of.contains((String) row[1])) {
                            of.add((String) row[1]);
                        }
                    }
                    return stores;
                });
    }
}
