package dev.glint.api.cache;

import dev.glint.persistence.ImageRecord;
import dev.glint.storage.ImageDigester;
import dev.glint.storage.ImageDigests;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The local image cache (Glance's image cache): verified copies of active images' data in
 * {@code glint.cache.dir}, at most {@code glint.cache.max-size} bytes, the least recently used
 * going first when room is needed.
 *
 * <p>Data is only ever served from a file that matched the image's size, {@code checksum} and
 * {@code os_hash_value}: a file is hashed when it is written (before it is renamed into place), and
 * again whenever it is not the file that was verified ({@link FileStamp}), such as every file found
 * at start; a file that fails is deleted and the download goes to the store. Whether the image is
 * still active is the caller's to check, on every request, from the database.
 *
 * <p>Room for a file being written is reserved when it starts, so the files on disk, complete or
 * not, never pass the maximum.
 */
@ApplicationScoped
public class ImageCache {

    private static final Logger LOG = Logger.getLogger(ImageCache.class);
    private static final int WRITE_BUFFER = 1 << 20;

    private final boolean enabled;
    private final long maxSize;
    private final CacheMetrics metrics;
    private final CacheDirectory directory;
    /** Verifies and installs files that downloads wrote, after the download's answer is complete. */
    private final ExecutorService installer;
    /** Writes downloads' copies into their cache files, beside the downloads (one thread a copy, made on demand). */
    private final ExecutorService writers;
    private final long fillBuffer;
    /** Where an image goes whose copy fell behind its download: the queue, to be cached from the store. */
    private volatile java.util.function.Consumer<UUID> onCopyBehind = imageId -> { };
    /** Access order: the first entry is the least recently used. */
    private final LinkedHashMap<UUID, CacheEntry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<UUID, Fill> fills = new HashMap<>();
    private long cachedBytes;
    private long reservedBytes;

    /** A file being written for one image, with the room reserved for it. */
    public static final class Fill {

        private final ExpectedData expected;
        private final Path file;
        private final OutputStream out;

        private Fill(ExpectedData expected, Path file, OutputStream out) {
            this.expected = expected;
            this.file = file;
            this.out = out;
        }

        /** Where the image's data goes, in order and in full. */
        public OutputStream out() {
            return out;
        }

        long expectedSize() {
            return expected.size();
        }

        UUID imageId() {
            return expected.imageId();
        }
    }

    public ImageCache(CacheConfig config, MeterRegistry registry) {
        this.enabled = config.enabled();
        this.maxSize = config.maxSize();
        this.metrics = new CacheMetrics(registry);
        this.fillBuffer = config.fillBuffer();
        if (!enabled) {
            this.directory = null;
            this.installer = null;
            this.writers = null;
            LOG.info("Image cache: off (glint.cache.enabled)");
            return;
        }
        String dir = config.dir().filter(name -> !name.isBlank()).orElseThrow(() -> new IllegalStateException(
                "glint.cache.enabled is true but glint.cache.dir names no directory"));
        if (maxSize <= 0) {
            throw new IllegalStateException("glint.cache.max-size must be a positive number of bytes, not " + maxSize);
        }
        this.directory = new CacheDirectory(Path.of(dir));
        directory.prepare();
        this.installer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "glint-cache-install");
            thread.setDaemon(true);
            return thread;
        });
        this.writers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "glint-cache-write");
            thread.setDaemon(true);
            return thread;
        });
        load();
        metrics.gauges(this::cachedBytes, this::cachedImages);
        LOG.infof("Image cache: %s, at most %d bytes; %d image(s), %d bytes found there", dir, maxSize,
                entries.size(), cachedBytes);
    }

    @PreDestroy
    void stop() {
        if (installer != null) {
            installer.shutdownNow();
            writers.shutdownNow();
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Who takes an image whose download's copy fell behind (the queue, which caches it from the store). */
    void whenCopyFallsBehind(java.util.function.Consumer<UUID> queue) {
        this.onCopyBehind = queue;
    }

    CacheDirectory directory() {
        return directory;
    }

    /** The files an earlier run left, oldest first as the least recently used; verified when first served. */
    private void load() {
        List<CacheEntry> found = new ArrayList<>();
        for (UUID imageId : directory.cachedImages()) {
            try {
                FileStamp stamp = FileStamp.of(directory.dataOf(imageId));
                found.add(new CacheEntry(imageId, stamp.size(), Instant.ofEpochSecond(0, stamp.modifiedNanos())));
            } catch (IOException e) {
                LOG.warnf("Image cache: ignoring the cached file of image %s: %s", imageId, e.getMessage());
            }
        }
        found.sort(Comparator.comparing(entry -> entry.installed));
        synchronized (this) {
            for (CacheEntry entry : found) {
                entries.put(entry.imageId, entry);
                cachedBytes += entry.size;
            }
            makeRoom(0);
        }
    }

    /**
     * {@code length} bytes from {@code offset} of the image's cached data, verified; empty (a miss)
     * when the image is not cached or its file fails verification (the file is then deleted).
     * The image must be active: the caller has just read it from the database.
     */
    public Optional<InputStream> open(ImageRecord image, long offset, long length) {
        if (!enabled) {
            return Optional.empty();
        }
        CacheEntry entry;
        synchronized (this) {
            entry = entries.get(image.id);
        }
        Optional<ExpectedData> expected = ExpectedData.of(image);
        if (entry == null || expected.isEmpty()) {
            if (entry != null) {
                remove(entry, "image_gone");
            }
            metrics.miss();
            return Optional.empty();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(directory.dataOf(image.id), StandardOpenOption.READ);
            if (!verified(entry, channel, expected.get())) {
                channel.close();
                remove(entry, "corrupt");
                metrics.miss();
                return Optional.empty();
            }
            channel.position(offset);
        } catch (NoSuchFileException e) {
            remove(entry, "missing");
            metrics.miss();
            return Optional.empty();
        } catch (IOException e) {
            closeQuietly(channel);
            LOG.warnf("Image cache: could not read the cached data of image %s (%s); serving it from the store",
                    image.id, e.getMessage());
            remove(entry, "corrupt");
            metrics.miss();
            return Optional.empty();
        }
        synchronized (this) {
            entry.hits++;
            entry.lastAccessed = Instant.now();
        }
        metrics.hit();
        LOG.debugf("Image cache: serving image %s from the cache (%d bytes from %d)", image.id, length, offset);
        return Optional.of(new CachedFileStream(channel, length, metrics));
    }

    /**
     * Whether the open file is the image's data: at once when it is the very file verified for
     * the same expectations, otherwise after hashing it (the stamp must hold through the hashing).
     */
    private boolean verified(CacheEntry entry, FileChannel channel, ExpectedData expected) throws IOException {
        Path file = directory.dataOf(entry.imageId);
        FileStamp stamp = FileStamp.of(file);
        synchronized (this) {
            if (stamp.equals(entry.verifiedStamp) && expected.equals(entry.verifiedFor)) {
                return true;
            }
        }
        ImageDigests digests = ImageDigester.digestAll(Channels.newInputStream(channel), expected.digestAlgorithm());
        if (!expected.matches(digests) || !stamp.equals(FileStamp.of(file))) {
            LOG.warnf("Image cache: the cached data of image %s does not match the image (%d bytes, checksum %s;"
                    + " the image has %d bytes, checksum %s); deleting it, serving the image from the store",
                    entry.imageId, digests.size(), digests.checksum(), expected.size(), expected.checksum());
            return false;
        }
        synchronized (this) {
            entry.verifiedStamp = stamp;
            entry.verifiedFor = expected;
        }
        LOG.infof("Image cache: the cached data of image %s verified", entry.imageId);
        return true;
    }

    /**
     * {@code source} (the image's whole data from its store) as it is, and, when the image may be
     * cached and is not being cached already, copied into the cache on the way: once the reader
     * has read it all, the copy is verified and installed in the background.
     */
    public InputStream fillWhileReading(ImageRecord image, InputStream source) {
        return startFill(image)
                .<InputStream>map(fill -> new CacheFillingStream(source, fill, new BackgroundCopy(fill, fillBuffer, writers,
                        new BackgroundCopy.Outcomes(this::installLater, this::abandonIncomplete,
                                imageId -> onCopyBehind.accept(imageId)))))
                .orElse(source);
    }

    /**
     * A new file for the image's data with room reserved for it; empty when the image may not be
     * cached (not active, no hash, larger than the cache), is cached or being cached, or no room
     * can be made.
     */
    public Optional<Fill> startFill(ImageRecord image) {
        Optional<ExpectedData> cacheable = enabled ? ExpectedData.of(image) : Optional.empty();
        if (cacheable.isEmpty() || cacheable.get().size() > maxSize) {
            return Optional.empty();
        }
        ExpectedData expected = cacheable.get();
        synchronized (this) {
            if (entries.containsKey(image.id) || fills.containsKey(image.id) || !makeRoom(expected.size())) {
                return Optional.empty();
            }
            try {
                Path file = directory.newIncomplete(image.id);
                Fill fill = new Fill(expected, file, new BufferedOutputStream(Files.newOutputStream(file), WRITE_BUFFER));
                fills.put(image.id, fill);
                reservedBytes += expected.size();
                LOG.debugf("Image cache: caching image %s (%d bytes)", image.id, expected.size());
                return Optional.of(fill);
            } catch (IOException e) {
                LOG.warnf("Image cache: cannot write a file for image %s: %s", image.id, e.getMessage());
                return Optional.empty();
            }
        }
    }

    private void installLater(Fill fill) {
        try {
            installer.execute(() -> install(fill));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            abandon(fill);
        }
    }

    /**
     * Verifies a fill whose data was written in full and closed, and installs it in one rename;
     * true when the image is now cached. A fill cancelled meanwhile (the image went away, the
     * cache was cleared) is dropped.
     */
    public boolean install(Fill fill) {
        UUID imageId = fill.imageId();
        try {
            ImageDigests digests;
            try (InputStream in = Files.newInputStream(fill.file)) {
                digests = ImageDigester.digestAll(in, fill.expected.digestAlgorithm());
            }
            if (!fill.expected.matches(digests)) {
                LOG.errorf("Image cache: the data read for image %s does not match the image (%d bytes, checksum %s;"
                        + " the image has %d bytes, checksum %s); not cached", imageId, digests.size(),
                        digests.checksum(), fill.expected.size(), fill.expected.checksum());
                metrics.filled("mismatch");
                abandon(fill);
                return false;
            }
            synchronized (this) {
                if (fills.get(imageId) != fill) {
                    CacheDirectory.delete(fill.file);
                    return false;
                }
                directory.install(fill.file, imageId);
                fills.remove(imageId);
                reservedBytes -= fill.expectedSize();
                CacheEntry entry = new CacheEntry(imageId, fill.expectedSize(), Instant.now());
                entry.verifiedStamp = FileStamp.of(directory.dataOf(imageId));
                entry.verifiedFor = fill.expected;
                entries.put(imageId, entry);
                cachedBytes += entry.size;
            }
            metrics.filled("cached");
            LOG.infof("Image cache: image %s cached (%d bytes)", imageId, fill.expectedSize());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Image cache: could not cache image %s: %s", imageId, e.getMessage());
            metrics.filled("failed");
            abandon(fill);
            return false;
        }
    }

    /** Gives up a fill: its file is deleted and its room freed. */
    public void abandon(Fill fill) {
        closeQuietly(fill.out);
        synchronized (this) {
            if (fills.get(fill.imageId()) == fill) {
                fills.remove(fill.imageId());
                reservedBytes -= fill.expectedSize();
            }
            CacheDirectory.delete(fill.file);
        }
    }

    /** Called by a download's copy that ended before all the image's data was read. */
    void abandonIncomplete(Fill fill) {
        metrics.filled("incomplete");
        abandon(fill);
    }

    /** Removes the image's cached data, and cancels a fill of it; true when it was cached. */
    public boolean forget(UUID imageId, String reason) {
        CacheEntry entry;
        synchronized (this) {
            Fill fill = fills.remove(imageId);
            if (fill != null) {
                reservedBytes -= fill.expectedSize();
                CacheDirectory.delete(fill.file);
            }
            entry = entries.get(imageId);
        }
        return entry != null && remove(entry, reason);
    }

    /** Removes every cached image and cancels every fill; the number of images removed. */
    public int clear() {
        List<UUID> cached;
        synchronized (this) {
            cached = new ArrayList<>(entries.keySet());
            for (UUID filling : new ArrayList<>(fills.keySet())) {
                forget(filling, "api");
            }
        }
        int removed = 0;
        for (UUID imageId : cached) {
            removed += forget(imageId, "api") ? 1 : 0;
        }
        return removed;
    }

    public synchronized boolean contains(UUID imageId) {
        return entries.containsKey(imageId);
    }

    /** The cached images, most recently used first. */
    public synchronized List<CachedImage> list() {
        List<CachedImage> list = new ArrayList<>(entries.size());
        entries.values().forEach(entry -> list.add(0, entry.view()));
        return list;
    }

    /** The images cached or being cached. */
    public synchronized Set<UUID> imageIds() {
        Set<UUID> ids = new java.util.HashSet<>(entries.keySet());
        ids.addAll(fills.keySet());
        return ids;
    }

    synchronized long cachedBytes() {
        return cachedBytes;
    }

    synchronized int cachedImages() {
        return entries.size();
    }

    /** Deletes the entry's file if it is still the entry cached for its image. */
    private synchronized boolean remove(CacheEntry entry, String reason) {
        if (entries.get(entry.imageId) != entry) {
            return false;
        }
        entries.remove(entry.imageId);
        cachedBytes -= entry.size;
        CacheDirectory.delete(directory.dataOf(entry.imageId));
        metrics.evicted(reason);
        LOG.infof("Image cache: image %s removed from the cache (%s, %d bytes)", entry.imageId, reason, entry.size);
        return true;
    }

    /** Evicts least recently used images until {@code size} more bytes fit; false when they cannot. */
    private synchronized boolean makeRoom(long size) {
        Iterator<CacheEntry> eldest = entries.values().iterator();
        while (cachedBytes + reservedBytes + size > maxSize && eldest.hasNext()) {
            CacheEntry entry = eldest.next();
            eldest.remove();
            cachedBytes -= entry.size;
            CacheDirectory.delete(directory.dataOf(entry.imageId));
            metrics.evicted("size");
            LOG.infof("Image cache: image %s evicted, the least recently used (%d bytes)", entry.imageId, entry.size);
        }
        return cachedBytes + reservedBytes + size <= maxSize;
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            // Nothing more to do with it.
        }
    }
}
