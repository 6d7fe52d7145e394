package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.api.policy.PolicyTarget;
import dev.glint.domain.ImageStatus;
import dev.glint.domain.ImageTransition;
import dev.glint.persistence.ImageLocationRecord;
import dev.glint.persistence.ImageRecord;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import dev.glint.storage.Stores;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Glance's image locations: how an image shows them ({@code locations}, {@code direct_url}) and
 * how a PATCH adds, replaces and removes them, with Glance's rules and answers. Locations are
 * only shown and changed with {@code glint.images.show-multiple-locations}; adding one to a queued
 * image activates it; the last one of an image cannot be removed; a removed copy that Glint wrote
 * is removed from its store, while external locations (http URLs, s3 URLs a client added) are
 * only forgotten, never deleted from where they point.
 */
@ApplicationScoped
public class ImageLocations {

    private static final Logger LOG = Logger.getLogger(ImageLocations.class);

    /** A location as an image shows it. */
    public record Shown(String url, Map<String, Object> metadata) {
    }

    private final Transactions tx;
    private final Stores stores;
    private final LocationTargets targets;
    private final ImageAccess access;
    private final ImagesConfig config;

    public ImageLocations(Transactions tx, Stores stores, LocationTargets targets, ImageAccess access,
            ImagesConfig config) {
        this.tx = tx;
        this.stores = stores;
        this.targets = targets;
        this.access = access;
        this.config = config;
    }

    /** Whether images show anything about their locations (Glance's two options). */
    public boolean shown() {
        return config.showMultipleLocations() || config.showImageDirectUrl();
    }

    /**
     * The locations each image shows, for a caller whose {@code get_image_location} rule allows it
     * (others see none, as Glance shows them an empty list); no query when the options are off.
     */
    public Uni<Map<UUID, List<Shown>>> of(Caller caller, List<ImageRecord> images) {
        List<UUID> readable = images.stream()
                .filter(image -> access.policy().allows("get_image_location", caller, PolicyTarget.image(image)))
                .map(image -> image.id)
                .toList();
        if (!shown() || readable.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return tx.read(session -> ImageLocationRecord.shown(session, readable)).map(records -> {
            Map<UUID, List<Shown>> byImage = new LinkedHashMap<>();
            records.forEach(record -> byImage.computeIfAbsent(record.imageId, id -> new ArrayList<>()).add(show(record)));
            return byImage;
        });
    }

    public Shown show(ImageLocationRecord record) {
        Map<String, Object> metadata = new LinkedHashMap<>(record.metadata);
        metadata.put("store", record.store);
        return new Shown(urlOf(record), metadata);
    }

    /** The URL a location has: the one it was added with, or that of the copy Glint wrote. */
    public String urlOf(ImageLocationRecord record) {
        return record.url != null ? record.url : stores.url(record.store, record.bucket, record.objectKey);
    }

    /** The image's list of locations, to change. */
    Uni<LocationEdit> begin(Mutiny.Session session, ImageRecord image) {
        return ImageLocationRecord.shown(session, List.of(image.id)).map(current -> new LocationEdit(image, current));
    }

    /** Applies one PATCH operation on the locations, with Glance's policy, status and value checks. */
    Uni<Void> apply(Mutiny.Session session, Caller caller, LocationEdit edit, LocationOperation operation) {
        ImageRecord image = edit.image;
        return switch (operation.op()) {
            case "add" -> access.require(session, caller, image, "set_image_location")
                    .flatMap(ignored -> add(edit, operation));
            case "remove" -> access.require(session, caller, image, "delete_image_location")
                    .invoke(ignored -> remove(edit, operation))
                    .replaceWithVoid();
            default -> {
                if (operation.values().isEmpty()) {
                    throw ApiException.forbidden("Cannot set locations to empty list.");
                }
                yield access.require(session, caller, image, "set_image_location")
                        .flatMap(ignored -> replace(edit, operation.values()));
            }
        };
    }

    private Uni<Void> add(LocationEdit edit, LocationOperation operation) {
        requireShown("add");
        ImageRecord image = edit.image;
        requireStatus(image, "add", ImageStatus.QUEUED, ImageStatus.ACTIVE);
        LocationValue value = operation.values().get(0);
        Map<String, String> validation = ValidationData.newValues(image, List.of(value), config.hashAlgorithm());
        targets.storeOf(value.url());
        int position = position(operation.position(), edit.list.size(), true, "adding");
        return check(image.id, value).map(target -> {
            if (edit.list.stream().anyMatch(existing -> sameLocation(existing, value))) {
                throw ApiException.badRequest("The location " + value.url() + " is already present.");
            }
            ImageLocationRecord record = ImageLocationRecord.external(image.id, value.url(), target.store(),
                    target.bucket(), target.key(), target.size(), withoutStore(value.metadata()));
            edit.list.add(Math.min(position, edit.list.size()), record);
            edit.added.add(record);
            taken(edit, target.size(), validation);
            return null;
        });
    }

    private void remove(LocationEdit edit, LocationOperation operation) {
        requireShown("remove");
        ImageRecord image = edit.image;
        requireStatus(image, "remove", ImageStatus.ACTIVE);
        if (edit.list.size() == 1) {
            throw ApiException.forbidden("Cannot remove last location in the image.");
        }
        int position = position(operation.position(), edit.list.size(), false, "removing");
        ImageLocationRecord record = edit.list.remove(position);
        if (!edit.added.remove(record)) {
            edit.removed.add(record);
        }
    }

    private Uni<Void> replace(LocationEdit edit, List<LocationValue> values) {
        requireShown("update");
        ImageRecord image = edit.image;
        requireStatus(image, "replace", ImageStatus.QUEUED, ImageStatus.ACTIVE);
        Map<String, String> validation = ValidationData.newValues(image, values, config.hashAlgorithm());
        values.forEach(value -> targets.storeOf(value.url()));
        List<String> before = edit.list.stream().map(this::urlOf).sorted().toList();
        List<String> after = values.stream().map(LocationValue::url).sorted().toList();
        if (before.equals(after)) {
            reorder(edit, values);
            return Uni.createFrom().voidItem();
        }
        if (!before.isEmpty()) {
            throw ApiException.badRequest("Original locations is not empty: the URLs of an image's locations can "
                    + "only be changed by adding and removing locations, not by replacing the list.");
        }
        for (LocationValue value : values) {
            if (values.stream().filter(other -> other.url().equals(value.url())
                    && withoutStore(other.metadata()).equals(withoutStore(value.metadata()))).count() > 1) {
                throw ApiException.badRequest("The location " + value.url() + " is already present.");
            }
        }
        Uni<Void> checks = Uni.createFrom().voidItem();
        List<LocationTargets.Target> checked = new ArrayList<>();
        for (LocationValue value : values) {
            checks = checks.chain(() -> check(image.id, value).invoke(checked::add)).replaceWithVoid();
        }
        return checks.invoke(() -> {
            for (int i = 0; i < values.size(); i++) {
                LocationTargets.Target target = checked.get(i);
                ImageLocationRecord record = ImageLocationRecord.external(image.id, values.get(i).url(), target.store(),
                        target.bucket(), target.key(), target.size(), withoutStore(values.get(i).metadata()));
                edit.list.add(record);
                edit.added.add(record);
            }
            taken(edit, checked.get(0).size(), validation);
        });
    }

    /** The same URLs in a new order or with new metadata: the locations stay, only that changes. */
    private void reorder(LocationEdit edit, List<LocationValue> values) {
        List<ImageLocationRecord> remaining = new ArrayList<>(edit.list);
        List<ImageLocationRecord> ordered = new ArrayList<>();
        for (LocationValue value : values) {
            ImageLocationRecord record = remaining.stream().filter(candidate -> urlOf(candidate).equals(value.url()))
                    .findFirst().orElseThrow();
            remaining.remove(record);
            Object named = value.metadata().get("store");
            if (named != null && !named.equals(record.store)) {
                throw ApiException.badRequest("Invalid location: " + value.url() + " is in store " + record.store
                        + ", but the metadata names store " + named);
            }
            Map<String, Object> metadata = withoutStore(value.metadata());
            if (!metadata.equals(record.metadata)) {
                record.metadata = metadata;
                record.updatedAt = Instant.now();
            }
            ordered.add(record);
        }
        edit.list.clear();
        edit.list.addAll(ordered);
    }

    /**
     * What a location added to the image does to it: it gives a size-less image the location's
     * size, and a queued one its validation data and then the active status.
     */
    private static void taken(LocationEdit edit, long size, Map<String, String> validation) {
        ImageRecord image = edit.image;
        if (image.size == null || image.size == 0) {
            image.size = size;
        }
        if (image.status == ImageStatus.QUEUED && !edit.activates) {
            // Refused here (400 without formats), before anything is written; the image service
            // applies the transition once the list is saved.
            ImageTransition.ACTIVATE_WITH_LOCATION.requireApplicable(image);
            ValidationData.apply(image, validation);
            edit.activates = true;
        }
    }

    /** Writes the edited list: new locations, the order and metadata, and the removed ones as deleted. */
    Uni<Void> save(Mutiny.Session session, LocationEdit edit) {
        Instant now = Instant.now();
        for (int i = 0; i < edit.list.size(); i++) {
            ImageLocationRecord record = edit.list.get(i);
            if (!Objects.equals(record.position, i)) {
                record.position = i;
                record.updatedAt = now;
            }
        }
        edit.removed.forEach(record -> {
            record.status = LocationStatus.DELETED;
            record.position = null;
            record.updatedAt = now;
        });
        Uni<Void> persisted = Uni.createFrom().voidItem();
        for (ImageLocationRecord record : edit.added) {
            persisted = persisted.chain(() -> session.persist(record));
        }
        return persisted.chain(session::flush);
    }

    /**
     * After the PATCH committed: removes from their stores the copies Glint wrote that it took out,
     * unless another location still names the object. A failure is logged; the scrubber's
     * reconciliation removes such data later, since no live location names it.
     */
    Uni<Void> removeData(List<ImageLocationRecord> removed) {
        List<ImageLocationRecord> owned = removed.stream().filter(ImageLocationRecord::ownsData).toList();
        if (owned.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.read(session -> stillNamed(session, owned))
                .flatMap(named -> VertxContextSupport.executeBlocking(() -> {
                    for (ImageLocationRecord record : owned) {
                        if (named.contains(record.bucket + "/" + record.objectKey)) {
                            continue;
                        }
                        try {
                            stores.objectsOf(record.store).remove(record.bucket, record.objectKey);
                        } catch (RuntimeException e) {
                            LOG.warnf("Could not remove %s of image %s from store %s (the scrubber will): %s",
                                    record.objectKey, record.imageId, record.store, e.getMessage());
                        }
                    }
                    return null;
                }))
                .replaceWithVoid();
    }

    private static Uni<List<String>> stillNamed(Mutiny.Session session, Collection<ImageLocationRecord> records) {
        return session.createSelectionQuery("select concat(bucket, '/', objectKey) from ImageLocationRecord "
                        + "where status <> :deleted and objectKey in :keys", String.class)
                .setParameter("deleted", LocationStatus.DELETED)
                .setParameter("keys", records.stream().map(record -> record.objectKey).toList())
                .getResultList();
    }

    private Uni<LocationTargets.Target> check(UUID imageId, LocationValue value) {
        return VertxContextSupport.executeBlocking(() -> targets.check(imageId, value));
    }

    private boolean sameLocation(ImageLocationRecord existing, LocationValue value) {
        return urlOf(existing).equals(value.url()) && existing.metadata.equals(withoutStore(value.metadata()));
    }

    private void requireShown(String verb) {
        if (!config.showMultipleLocations()) {
            throw ApiException.forbidden("It's not allowed to " + verb + " locations if locations are invisible.");
        }
    }

    private static void requireStatus(ImageRecord image, String verb, ImageStatus... allowed) {
        for (ImageStatus status : allowed) {
            if (image.status == status) {
                return;
            }
        }
        throw ApiException.conflict("It's not allowed to " + verb + " locations if image status is "
                + image.status.apiName() + ".");
    }

    /**
     * Glance's position in a location path: a number, or {@code -} for the end (for add) or the
     * last one (for remove); 400 for anything else, or a removal past the end.
     */
    private static int position(String segment, int size, boolean adding, String verb) {
        if (segment.equals("-")) {
            return adding ? size : size - 1;
        }
        if (!segment.chars().allMatch(Character::isDigit) || segment.length() > 9) {
            throw ApiException.badRequest("Invalid position for " + verb + " a location.");
        }
        int position = Integer.parseInt(segment);
        if (!adding && position >= size) {
            throw ApiException.badRequest("Invalid position for " + verb + " a location.");
        }
        return position;
    }

    /** Metadata as stored: without {@code store}, which the location's store gives when it is shown. */
    private static Map<String, Object> withoutStore(Map<String, Object> metadata) {
        Map<String, Object> copy = new LinkedHashMap<>(metadata);
        copy.remove("store");
        return copy;
    }
}
