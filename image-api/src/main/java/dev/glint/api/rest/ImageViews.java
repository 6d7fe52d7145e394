package dev.glint.api.rest;

import dev.glint.api.domain.ImageLocations;
import dev.glint.api.domain.ImagesConfig;
import dev.glint.api.identity.Caller;
import dev.glint.persistence.ImageRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Image JSON with what needs more than the image row: its locations, when the options show them. */
@ApplicationScoped
class ImageViews {

    private final ImageLocations locations;
    private final ImagesConfig config;

    ImageViews(ImageLocations locations, ImagesConfig config) {
        this.locations = locations;
        this.config = config;
    }

    Uni<Map<String, Object>> one(Caller caller, ImageRecord image) {
        return many(caller, List.of(image)).map(views -> views.get(0));
    }

    Uni<List<Map<String, Object>>> many(Caller caller, List<ImageRecord> images) {
        if (!locations.shown()) {
            return Uni.createFrom().item(images.stream().map(ImageView::of).toList());
        }
        return locations.of(caller, images).map(shown -> images.stream()
                .map(image -> ImageView.withLocations(ImageView.of(image), shown.getOrDefault(image.id, List.of()),
                        config.showMultipleLocations(), config.showImageDirectUrl()))
                .toList());
    }
}
