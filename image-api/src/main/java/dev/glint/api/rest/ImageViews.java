package dev.glint.api.rest;

import dev.glint.api.domain.ImageLocations;
import dev.glint.api.domain.ImageStores;
import dev.glint.api.domain.ImagesConfig;
import dev.glint.api.identity.Caller;
import dev.glint.persistence.ImageRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Image JSON with what lives beside the image row: the stores holding its data, and its locations
 * when the options show them.
 */
@ApplicationScoped
public class ImageViews {

    private final ImageStores stores;
    private final ImageLocations locations;
    private final ImagesConfig config;

    public ImageViews(ImageStores stores, ImageLocations locations, ImagesConfig config) {
        this.stores = stores;
        this.locations = locations;
        this.config = config;
    }

    public Uni<Map<String, Object>> one(Caller caller, ImageRecord image) {
        return many(caller, List.of(image)).map(views -> views.get(0));
    }

    public Uni<List<Map<String, Object>>> many(Caller caller, List<ImageRecord> images) {
        Uni<List<Map<String, Object>>> withStores = stores.of(images.stream().map(image -> image.id).toList())
                .map(held -> images.stream()
                        .map(image -> ImageView.of(image, held.getOrDefault(image.id, List.of())))
                        .toList());
        if (!locations.shown()) {
            return withStores;
        }
        return withStores.flatMap(views -> locations.of(caller, images).map(shown -> {
            for (int i = 0; i < images.size(); i++) {
                ImageView.withLocations(views.get(i), shown.getOrDefault(images.get(i).id, List.of()),
                        config.showMultipleLocations(), config.showImageDirectUrl());
            }
            return views;
        }));
    }
}
