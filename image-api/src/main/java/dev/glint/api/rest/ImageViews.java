package dev.glint.api.rest;

import dev.glint.api.domain.ImageStores;
import dev.glint.persistence.ImageRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Image JSON with what lives beside the image row: the stores holding its data. */
@ApplicationScoped
public class ImageViews {

    private final ImageStores stores;

    public ImageViews(ImageStores stores) {
        this.stores = stores;
    }

    public Uni<Map<String, Object>> of(ImageRecord image) {
        return of(List.of(image)).map(views -> views.get(0));
    }

    public Uni<List<Map<String, Object>>> of(List<ImageRecord> images) {
        return stores.of(images.stream().map(image -> image.id).toList())
                .map(held -> images.stream().map(image -> ImageView.of(image, held.getOrDefault(image.id, List.of())))
                        .toList());
    }
}
