package dev.glint.scrubber.domain;

import dev.glint.domain.ImageStatus;
import dev.glint.persistence.LocationStatus;
import dev.glint.persistence.Transactions;
import dev.glint.storage.ListedObject;
import dev.glint.storage.ObjectStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Finds the objects no image owns (leftovers of failed uploads, of killed images, of deletes whose
 * store call failed, staged data nobody imported) in every bucket an image location names and in
 * the default one, and removes them, or in a dry run only reports them. Blocking: it lists the
 * store page by page and looks each page up in the database in one round trip.
 */
@ApplicationScoped
public class OrphanReconciler {

    private static final Logger LOG = Logger.getLogger(OrphanReconciler.class);
    private static final int PAGE = 500;
    /** Images in these statuses own no data, even if a location row still names it. */
    private static final List<ImageStatus> DEAD = List.of(ImageStatus.DELETED, ImageStatus.KILLED);

    private final Transactions tx;
    private final ObjectStore store;
    private final ScrubberMetrics metrics;
    private final ScrubberConfig config;
    private final ExpiredStaging expiredStaging;

    public OrphanReconciler(Transactions tx, ObjectStore store, ScrubberMetrics metrics, ScrubberConfig config,
            ExpiredStaging expiredStaging) {
        this.tx = tx;
        this.expiredStaging = expiredStaging;
        this.store = store;
        this.metrics = metrics;
        this.config = config;
    }

    /** What one run found; {@code removed} is empty in a dry run. */
    public record Report(long examined, List<ListedObject> orphans, List<ListedObject> removed) {
    }

    public Report reconcile(boolean dryRun) {
        Instant now = Instant.now();
        OrphanRule rule = new OrphanRule(config.reconcile().gracePeriod(), config.reconcile().stagedMaxAge());
        long examined = 0;
        List<ListedObject> orphans = new ArrayList<>();
        List<ListedObject> removed = new ArrayList<>();
        for (String bucket : buckets()) {
            for (StorageArea area : areas()) {
                try (Stream<ListedObject> objects = store.list(bucket, area.prefix())) {
                    Iterator<ListedObject> listing = objects.iterator();
                    while (listing.hasNext()) {
                        List<ListedObject> page = new ArrayList<>(PAGE);
                        while (listing.hasNext() && page.size() < PAGE) {
                            page.add(listing.next());
                        }
                        examined += page.size();
                        List<ListedObject> found = orphansOf(bucket, area, page, rule, now);
                        orphans.addAll(found);
                        if (!dryRun) {
                            removed.addAll(remove(bucket, releasable(area, found, now)));
                        }
                    }
                }
            }
        }
        long bytes = orphans.stream().mapToLong(ListedObject::size).sum();
        if (dryRun) {
            orphans.forEach(o -> LOG.infof("Dry run: would remove orphan %s/%s (%d bytes, last modified %s)",
                    o.bucket(), o.key(), o.size(), o.lastModified()));
        }
        LOG.infof("Reconciliation%s: %d object(s) examined, %d orphan(s) of %d bytes found, %d removed",
                dryRun ? " (dry run)" : "", examined, orphans.size(), bytes, removed.size());
        return new Report(examined, orphans, removed);
    }

    private List<String> buckets() {
        Set<String> buckets = new LinkedHashSet<>();
        buckets.add(store.defaultBucket());
        buckets.addAll(tx.awaitRead(session -> session.createSelectionQuery(
                "select distinct bucket from ImageLocationRecord where bucket is not null", String.class).getResultList()));
        return List.copyOf(buckets);
    }

    private List<StorageArea> areas() {
        List<StorageArea> areas = new ArrayList<>();
        config.reconcile().imagePrefixes().forEach(p -> areas.add(new StorageArea(p, StorageArea.Kind.IMAGE_DATA)));
        config.reconcile().stagingPrefixes().forEach(p -> areas.add(new StorageArea(p, StorageArea.Kind.STAGING)));
        return areas;
    }

    private List<ListedObject> orphansOf(String bucket, StorageArea area, List<ListedObject> page, OrphanRule rule,
            Instant now) {
        Instant youngest = now.minus(config.reconcile().gracePeriod());
        List<ListedObject> old = page.stream()
                .filter(o -> !o.lastModified().isAfter(youngest) && area.imageOf(o.key()).isPresent())
                .toList();
        if (old.isEmpty()) {
            return List.of();
        }
        Set<UUID> imageIds = new HashSet<>();
        old.forEach(o -> imageIds.add(area.imageOf(o.key()).orElseThrow()));
        Owners owners = tx.awaitRead(session -> owners(session, bucket, imageIds,
                old.stream().map(ListedObject::key).toList()));
        return old.stream().filter(o -> {
            UUID imageId = area.imageOf(o.key()).orElseThrow();
            return rule.isOrphan(area.kind(), o.lastModified(), now, owners.statuses.get(imageId),
                    owners.liveKeys.contains(o.key()), owners.runningTasks.contains(imageId.toString()));
        }).toList();
    }

    private static Uni<Owners> owners(Mutiny.Session session, String bucket, Set<UUID> imageIds,
            List<String> keys) {
        Owners owners = new Owners();
        return session.createSelectionQuery("select id, status from ImageRecord where id in :ids", Object[].class)
                .setParameter("ids", imageIds)
                .getResultList()
                .invoke(rows -> rows.forEach(row -> owners.statuses.put((UUID) row[0], (ImageStatus) row[1])))
                .chain(() -> session.createSelectionQuery("select l.objectKey from ImageLocationRecord l, ImageRecord i "
                                + "where i.id = l.imageId and l.bucket = :bucket and l.objectKey in :keys "
                                + "and l.status <> :deleted and i.status not in :dead", String.class)
                        .setParameter("bucket", bucket)
                        .setParameter("keys", keys)
                        .setParameter("deleted", LocationStatus.DELETED)
                        .setParameter("dead", DEAD)
                        .getResultList())
                .invoke(owners.liveKeys::addAll)
                .chain(() -> session.createNativeQuery("select distinct cast(image_id as varchar) from tasks "
                                + "where image_id is not null and status in ('pending', 'processing')", String.class)
                        .getResultList())
                .invoke(owners.runningTasks::addAll)
                .replaceWith(owners);
    }

    /** Staged orphans whose image no longer waits for them; image data needs no such step. */
    private List<ListedObject> releasable(StorageArea area, List<ListedObject> orphans, Instant now) {
        if (area.kind() != StorageArea.Kind.STAGING) {
            return orphans;
        }
        return orphans.stream().filter(o -> expiredStaging.release(area.imageOf(o.key()).orElseThrow(),
                Duration.between(o.lastModified(), now).truncatedTo(ChronoUnit.SECONDS))).toList();
    }

    private List<ListedObject> remove(String bucket, List<ListedObject> orphans) {
        List<ListedObject> removed = new ArrayList<>();
        for (ListedObject orphan : orphans) {
            try {
                store.remove(bucket, orphan.key());
                removed.add(orphan);
                metrics.orphanRemoved(orphan.size());
                LOG.infof("Removed orphan %s/%s (%d bytes)", bucket, orphan.key(), orphan.size());
            } catch (RuntimeException e) {
                metrics.failed();
                LOG.warnf("Could not remove orphan %s/%s, the next run will retry: %s", bucket, orphan.key(),
                        e.getMessage());
            }
        }
        if (!removed.isEmpty()) {
            // Location rows of deleted or killed images that still named these objects now say the truth.
            tx.awaitTransaction(session -> session.createMutationQuery("update ImageLocationRecord l "
                            + "set l.status = :deleted, l.updatedAt = :now where l.bucket = :bucket "
                            + "and l.objectKey in :keys and l.status <> :deleted "
                            + "and l.imageId in (select i.id from ImageRecord i where i.status in :dead)")
                    .setParameter("deleted", LocationStatus.DELETED)
                    .setParameter("now", Instant.now())
                    .setParameter("bucket", bucket)
                    .setParameter("keys", removed.stream().map(ListedObject::key).toList())
                    .setParameter("dead", DEAD)
                    .executeUpdate());
        }
        return removed;
    }

    /** Who owns the objects of one page. */
    private static final class Owners {
        final Map<UUID, ImageStatus> statuses = new HashMap<>();
        final Set<String> liveKeys = new HashSet<>();
        final Set<String> runningTasks = new HashSet<>();
    }
}
