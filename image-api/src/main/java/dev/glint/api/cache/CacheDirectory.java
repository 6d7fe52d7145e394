package dev.glint.api.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The cache's files: {@code images/<image id>} holds verified data, {@code incomplete/} the files
 * being written (renamed into {@code images/} only once complete and verified, so a crash never
 * leaves a partial file where data is served from; whatever is left there is deleted at start),
 * and {@code queue/<image id>} an empty file for each queued image, so the queue survives a restart.
 */
final class CacheDirectory {

    private static final Logger LOG = Logger.getLogger(CacheDirectory.class);

    private final Path images;
    private final Path incomplete;
    private final Path queue;

    CacheDirectory(Path root) {
        this.images = root.resolve("images");
        this.incomplete = root.resolve("incomplete");
        this.queue = root.resolve("queue");
    }

    /** Creates the directories and deletes what an earlier run left half written. */
    void prepare() {
        try {
            Files.createDirectories(images);
            Files.createDirectories(incomplete);
            Files.createDirectories(queue);
            try (DirectoryStream<Path> left = Files.newDirectoryStream(incomplete)) {
                for (Path file : left) {
                    LOG.infof("Image cache: deleting %s, left incomplete by an earlier run", file.getFileName());
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Image cache directory " + images.getParent() + " is not usable", e);
        }
    }

    Path dataOf(UUID imageId) {
        return images.resolve(imageId.toString());
    }

    /** A new, empty file in {@code incomplete/} for the data of {@code imageId}. */
    Path newIncomplete(UUID imageId) throws IOException {
        return Files.createTempFile(incomplete, imageId + ".", ".part");
    }

    /** Puts a complete file in place in one rename: readers see the old file or the new one, never a part. */
    void install(Path complete, UUID imageId) throws IOException {
        Files.move(complete, dataOf(imageId), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The image ids that have data here; files of other names are not the cache's and are left alone. */
    List<UUID> cachedImages() {
        return idsIn(images);
    }

    List<UUID> queuedImages() {
        return idsIn(queue);
    }

    void markQueued(UUID imageId) {
        try {
            Files.writeString(queue.resolve(imageId.toString()), "");
        } catch (IOException e) {
            // The queue still holds it in memory; only a restart would forget it.
            LOG.warnf("Image cache: could not record image %s as queued: %s", imageId, e.getMessage());
        }
    }

    void unmarkQueued(UUID imageId) {
        delete(queue.resolve(imageId.toString()));
    }

    /** Never throws: a file that cannot be deleted is logged. */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Image cache: could not delete %s: %s", file, e.getMessage());
        }
    }

    private static List<UUID> idsIn(Path dir) {
        List<UUID> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                parse(file.getFileName().toString()).ifPresent(ids::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    private static Optional<UUID> parse(String name) {
        try {
            UUID id = UUID.fromString(name);
            return id.toString().equals(name) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
