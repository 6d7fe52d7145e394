package dev.glint.reliability.checks;

import dev.glint.reliability.api.GlanceApi;
import dev.glint.reliability.content.Content;
import dev.glint.reliability.workload.TrackedImage;
import dev.glint.reliability.workload.TrackedImage.Outcome;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What must hold once a run is over and Glint had its recovery time: every image at rest, every
 * upload the client saw succeed active with its exact data, every failed one given back, every task
 * ended with a message, every committed status change on Kafka exactly once after dedupe and in order
 * per image, no stored object that no image owns, no pending_delete image past its scrub time.
 */
public final class Checks {

    /** Statuses an image may be left in (docs/statuses.md); the others are only passed through. */
    public static final Set<String> REST = Set.of("queued", "active", "deactivated", "killed", "deleted", "pending_delete");
    private static final Set<String> IN_TRANSIT = Set.of("saving", "uploading", "importing");

    /** Where the run keeps its images, and what it set. */
    public record Settings(List<String> buckets, String secondStore, Duration scrubTime, Duration scrubSlack,
                           Duration reconcileGrace, String imageEventsTopic) {
    }

    /** Everything the checks look at, read once after the recovery time. */
    public record Evidence(Map<String, Database.Image> images, List<Database.Location> locations,
                           List<Database.Task> tasks, List<Database.OutboxRow> outbox, List<EventLog.Event> events,
                           List<StoredObjects.StoredObject> objects, Instant readAt) {
    }

    private final Settings settings;

    public Checks(Settings settings) {
        this.settings = settings;
    }

    public static Evidence gather(Database database, StoredObjects store, String kafka, Settings settings)
            throws Exception {
        List<StoredObjects.StoredObject> objects = new ArrayList<>();
        for (String bucket : settings.buckets()) {
            objects.addAll(store.list(bucket));
        }
        return new Evidence(database.images(), database.locations(), database.tasks(),
                database.outbox(settings.imageEventsTopic()),
                EventLog.read(kafka, settings.imageEventsTopic(), Duration.ofMinutes(2)), objects, Instant.now());
    }

    /** What still keeps the run from being settled; empty when Glint has recovered. */
    public List<String> unsettled(Evidence evidence) {
        List<String> open = new ArrayList<>();
        long inTransit = evidence.images().values().stream().filter(image -> IN_TRANSIT.contains(image.status())).count();
        if (inTransit > 0) {
            open.add(inTransit + " images in saving, uploading or importing");
        }
        long running = evidence.tasks().stream().filter(task -> !Set.of("success", "failure").contains(task.status())).count();
        if (running > 0) {
            open.add(running + " tasks pending or processing");
        }
        long unpublished = evidence.outbox().stream().filter(row -> row.publishedAt() == null).count();
        if (unpublished > 0) {
            open.add(unpublished + " outbox rows not yet published");
        }
        List<String> overdue = overduePendingDeletes(evidence);
        if (!overdue.isEmpty()) {
            open.add(overdue.size() + " pending_delete images past their scrub time");
        }
        List<String> orphans = orphans(evidence);
        if (!orphans.isEmpty()) {
            open.add(orphans.size() + " stored objects no image owns");
        }
        return open;
    }

    public List<CheckResult> run(Evidence evidence, List<TrackedImage> tracked, long runDownloads,
            List<String> runMismatches, GlanceApi api, StoredObjects store) {
        List<CheckResult> results = new ArrayList<>();
        results.add(restStatuses(evidence));
        results.add(killedWithReason(evidence));
        DataChecks data = new DataChecks(evidence, api, store);
        results.add(data.succeeded(tracked));
        results.add(data.failed(tracked));
        results.add(CheckResult.of("uploads whose client saw a failure but that completed: active, data verified",
                data.completedAfterFailure, List.of()));
        results.add(data.copies(tracked));
        results.add(storedCopiesPresent(evidence));
        results.add(CheckResult.of("downloads during the run returned the uploaded bytes", runDownloads,
                runMismatches));
        results.add(tasksEnded(evidence));
        results.addAll(events(evidence));
        results.add(CheckResult.of("stored objects no image owns (after reconciliation, grace "
                + settings.reconcileGrace().toSeconds() + " s)", evidence.objects().size(), orphans(evidence)));
        results.add(CheckResult.of("pending_delete images past their scrub time ("
                + settings.scrubTime().toSeconds() + " s)", count(evidence, "pending_delete"), overduePendingDeletes(evidence)));
        return results;
    }

    private static long count(Evidence evidence, String status) {
        return evidence.images().values().stream().filter(image -> image.status().equals(status)).count();
    }

    private CheckResult restStatuses(Evidence evidence) {
        List<String> failures = new ArrayList<>();
        evidence.images().values().forEach(image -> {
            if (!REST.contains(image.status())) {
                failures.add(image.id() + " is " + image.status());
            }
        });
        return CheckResult.of("images in a rest status (queued, active, deactivated, killed, deleted, pending_delete)",
                evidence.images().size(), failures);
    }

    private CheckResult killedWithReason(Evidence evidence) {
        Map<String, String> reasons = new HashMap<>();
        for (EventLog.Event event : evidence.events()) {
            if ("killed".equals(event.toStatus()) && event.reason() != null && !event.reason().isBlank()) {
                reasons.put(event.imageId(), event.reason());
            }
        }
        List<String> failures = new ArrayList<>();
        evidence.images().values().stream().filter(image -> image.status().equals("killed")).forEach(image -> {
            if (!reasons.containsKey(image.id())) {
                failures.add(image.id() + " is killed and no event says why");
            }
        });
        return CheckResult.of("killed images whose event gives the reason", count(evidence, "killed"), failures);
    }

    private CheckResult storedCopiesPresent(Evidence evidence) {
        Map<String, StoredObjects.StoredObject> objects = new HashMap<>();
        evidence.objects().forEach(object -> objects.put(object.bucket() + "/" + object.key(), object));
        List<String> failures = new ArrayList<>();
        long checked = 0;
        for (Database.Location location : evidence.locations()) {
            Database.Image image = evidence.images().get(location.imageId());
            if (location.status().equals("DELETED") || image == null
                    || !Set.of("active", "deactivated", "pending_delete").contains(image.status())) {
                continue;
            }
            checked++;
            StoredObjects.StoredObject object = objects.get(location.bucket() + "/" + location.key());
            if (object == null) {
                failures.add(image.id() + " (" + image.status() + "): copy in store " + location.store() + " is missing");
            } else if (location.size() != null && object.size() != location.size()) {
                failures.add(image.id() + ": copy in store " + location.store() + " has " + object.size()
                        + " bytes, the location says " + location.size());
            }
        }
        return CheckResult.of("stored copies of active, deactivated and pending_delete images present with their size",
                checked, failures);
    }

    private CheckResult tasksEnded(Evidence evidence) {
        List<String> failures = new ArrayList<>();
        for (Database.Task task : evidence.tasks()) {
            if (!Set.of("success", "failure").contains(task.status())) {
                failures.add("task " + task.id() + " (image " + task.imageId() + ") is " + task.status());
            } else if (task.status().equals("failure") && (task.message() == null || task.message().isBlank())) {
                failures.add("task " + task.id() + " failed without a message");
            }
        }
        return CheckResult.of("tasks ended in success or failure, a failure with its message", evidence.tasks().size(),
                failures);
    }

    /** The event checks: none lost, none invented, in order per image, and the status chain ends where the database is. */
    List<CheckResult> events(Evidence evidence) {
        Map<String, Database.OutboxRow> committed = new LinkedHashMap<>();
        evidence.outbox().forEach(row -> committed.put(row.eventId(), row));
        Map<String, EventLog.Event> firstDelivery = new LinkedHashMap<>();
        long deliveries = 0;
        List<String> phantoms = new ArrayList<>();
        for (EventLog.Event event : evidence.events()) {
            deliveries++;
            if (event.eventId() == null) {
                phantoms.add("unreadable record at partition " + event.partition() + " offset " + event.offset() + ": "
                        + event.type());
                continue;
            }
            if (!committed.containsKey(event.eventId())) {
                phantoms.add(event.eventId() + " (" + event.type() + " of " + event.imageId() + ") is not in the outbox");
            }
            firstDelivery.putIfAbsent(event.eventId(), event);
        }
        List<String> lost = new ArrayList<>();
        committed.values().forEach(row -> {
            if (!firstDelivery.containsKey(row.eventId())) {
                lost.add(row.eventId() + " (" + row.type() + " of " + row.key() + ", seq " + row.seq() + ")"
                        + (row.publishedAt() == null ? ", never published" : ", marked published"));
            }
        });

        // Per image: the committed order (outbox seq) and the order of first deliveries (partition offsets).
        Map<String, List<String>> committedOrder = new HashMap<>();
        committed.values().forEach(row -> committedOrder.computeIfAbsent(row.key(), key -> new ArrayList<>()).add(row.eventId()));
        Map<String, List<EventLog.Event>> deliveredOrder = new HashMap<>();
        firstDelivery.values().forEach(event -> deliveredOrder.computeIfAbsent(event.imageId(), key -> new ArrayList<>()).add(event));
        List<String> disorder = new ArrayList<>();
        List<String> gaps = new ArrayList<>();
        for (Map.Entry<String, List<EventLog.Event>> entry : deliveredOrder.entrySet()) {
            List<String> delivered = entry.getValue().stream().map(EventLog.Event::eventId)
                    .filter(committed::containsKey).toList();
            List<String> expected = committedOrder.getOrDefault(entry.getKey(), List.of()).stream()
                    .filter(firstDelivery::containsKey).toList();
            if (!delivered.equals(expected)) {
                disorder.add("image " + entry.getKey() + ": delivered " + types(delivered, firstDelivery)
                        + ", committed " + types(expected, firstDelivery));
            }
            List<Long> sequences = entry.getValue().stream().map(EventLog.Event::sequence).filter(Objects::nonNull).toList();
            for (int i = 1; i < sequences.size(); i++) {
                if (sequences.get(i) != sequences.get(i - 1) + 1) {
                    gaps.add("image " + entry.getKey() + ": sequence " + sequences.get(i - 1) + " is followed by "
                            + sequences.get(i));
                    break;
                }
            }
        }

        List<String> chains = new ArrayList<>();
        for (Database.Image image : evidence.images().values()) {
            List<EventLog.Event> history = deliveredOrder.getOrDefault(image.id(), List.of());
            String broken = brokenChain(history, image.status());
            if (broken != null) {
                chains.add("image " + image.id() + ": " + broken);
            }
        }
        List<CheckResult> results = new ArrayList<>();
        results.add(CheckResult.of("committed image events delivered to Kafka (none lost)", committed.size(), lost));
        results.add(CheckResult.of("delivered image events that were committed (none for a change that never happened)",
                deliveries, phantoms));
        results.add(CheckResult.of("image events in commit order per image", deliveredOrder.size(), disorder));
        // Per-image sequence numbers come with the events issue; a Glint whose events carry none
        // cannot be checked for gaps, and the table says so instead of passing the check.
        results.add(hasSequences(evidence)
                ? CheckResult.of("image event sequence numbers without gaps", deliveredOrder.size(), gaps)
                : CheckResult.notAvailable("image event sequence numbers without gaps",
                        "this Glint's events carry no sequence number"));
        results.add(CheckResult.of("images whose delivered status changes lead from queued to their status in PostgreSQL",
                evidence.images().size(), chains));
        results.add(CheckResult.of("deliveries beyond the first (at-least-once, deduped by event id)",
                deliveries - firstDelivery.size(), List.of()));
        return results;
    }

    private static boolean hasSequences(Evidence evidence) {
        return evidence.events().stream().anyMatch(event -> event.sequence() != null);
    }

    private static String types(List<String> ids, Map<String, EventLog.Event> events) {
        return ids.stream().map(id -> events.get(id).type() + "->" + events.get(id).toStatus()).toList().toString();
    }

    /** Null when the events, in delivery order, take the image from its creation to {@code status}. */
    static String brokenChain(List<EventLog.Event> history, String status) {
        if (history.isEmpty()) {
            return "no event at all (status " + status + ")";
        }
        EventLog.Event first = history.get(0);
        if (first.fromStatus() != null || !"queued".equals(first.toStatus())) {
            return "the first event is " + first.type() + " " + first.fromStatus() + "->" + first.toStatus()
                    + ", not the creation in queued";
        }
        String current = first.toStatus();
        for (EventLog.Event event : history.subList(1, history.size())) {
            if (!Objects.equals(event.fromStatus(), current)) {
                return event.type() + " " + event.fromStatus() + "->" + event.toStatus() + " follows " + current;
            }
            current = event.toStatus();
        }
        return current.equals(status) ? null : "the events end in " + current + ", PostgreSQL says " + status;
    }

    /** Objects old enough to be reconciled that no image owns, by the reconciler's own rules. */
    List<String> orphans(Evidence evidence) {
        Set<String> owned = new HashSet<>();
        for (Database.Location location : evidence.locations()) {
            Database.Image image = evidence.images().get(location.imageId());
            if (!location.status().equals("DELETED") && image != null
                    && !Set.of("deleted", "killed").contains(image.status())) {
                owned.add(location.bucket() + "/" + location.key());
            }
        }
        Set<String> busyImages = new HashSet<>();
        evidence.images().values().stream().filter(image -> IN_TRANSIT.contains(image.status()))
                .forEach(image -> busyImages.add(image.id()));
        evidence.tasks().stream().filter(task -> Set.of("pending", "processing").contains(task.status()) && task.imageId() != null)
                .forEach(task -> busyImages.add(task.imageId()));
        List<String> orphans = new ArrayList<>();
        Instant graceStart = evidence.readAt().minus(settings.reconcileGrace());
        for (StoredObjects.StoredObject object : evidence.objects()) {
            if (object.lastModified() != null && object.lastModified().isAfter(graceStart)) {
                continue;
            }
            String[] parts = object.key().split("/");
            String imageId = parts.length > 1 ? parts[1] : "";
            if (owned.contains(object.bucket() + "/" + object.key()) || busyImages.contains(imageId)) {
                continue;
            }
            Database.Image image = evidence.images().get(imageId);
            orphans.add(object.bucket() + "/" + object.key() + " (" + object.size() + " bytes, image "
                    + (image == null ? "unknown" : image.status()) + ")");
        }
        return orphans;
    }

    List<String> overduePendingDeletes(Evidence evidence) {
        List<String> overdue = new ArrayList<>();
        Instant due = evidence.readAt().minus(settings.scrubTime()).minus(settings.scrubSlack());
        evidence.images().values().stream()
                .filter(image -> image.status().equals("pending_delete") && image.deletedAt() != null
                        && image.deletedAt().isBefore(due))
                .forEach(image -> overdue.add(image.id() + " deleted at " + image.deletedAt()));
        return overdue;
    }

    /** The checks that read data back: through the API (downloads) and from the store (copies). */
    private final class DataChecks {

        private final Evidence evidence;
        private final GlanceApi api;
        private final StoredObjects store;
        long completedAfterFailure;

        DataChecks(Evidence evidence, GlanceApi api, StoredObjects store) {
            this.evidence = evidence;
            this.api = api;
            this.store = store;
        }

        CheckResult succeeded(List<TrackedImage> tracked) {
            List<String> failures = new ArrayList<>();
            long checked = 0;
            for (TrackedImage image : tracked) {
                if (image.data() != Outcome.SUCCEEDED) {
                    continue;
                }
                checked++;
                String status = status(image);
                Set<String> allowed = new HashSet<>(Set.of("active"));
                if (image.deactivated() || image.deactivationUncertain()) {
                    allowed.add("deactivated");
                }
                if (image.delete() != Outcome.NOT_TRIED && image.delete() != Outcome.FAILED) {
                    allowed.addAll(Set.of("pending_delete", "deleted"));
                }
                if (!allowed.contains(status)) {
                    failures.add(image.id() + " (" + image.flow() + "): the client saw it succeed, it is " + status
                            + " (allowed " + allowed + ")");
                } else if (Set.of("active", "deactivated").contains(status)) {
                    String problem = verify(image);
                    if (problem != null) {
                        failures.add(image.id() + " (" + image.flow() + "): " + problem);
                    }
                }
            }
            return CheckResult.of("uploads and imports the client saw succeed: active (or as the client left it), "
                    + "download byte for byte and by checksum and os_hash_value", checked, failures);
        }

        CheckResult failed(List<TrackedImage> tracked) {
            List<String> failures = new ArrayList<>();
            long checked = 0;
            for (TrackedImage image : tracked) {
                if (image.data() != Outcome.FAILED && image.data() != Outcome.UNKNOWN) {
                    continue;
                }
                checked++;
                String status = status(image);
                boolean deleteTried = image.delete() != Outcome.NOT_TRIED && image.delete() != Outcome.FAILED;
                if (status.equals("queued") || status.equals("killed")
                        || (deleteTried && Set.of("deleted", "pending_delete").contains(status))) {
                    continue;
                }
                if (Set.of("active", "deactivated").contains(status)) {
                    // The client lost the answer, not the upload: that is fine if the data is right.
                    String problem = verify(image);
                    if (problem == null) {
                        completedAfterFailure++;
                    } else {
                        failures.add(image.id() + " (" + image.flow() + "): " + problem);
                    }
                    continue;
                }
                failures.add(image.id() + " (" + image.flow() + ", " + image.dataDetail() + "): the client saw it fail, it is "
                        + status);
            }
            return CheckResult.of("uploads and imports the client saw fail (or got no answer for): back in queued, "
                    + "or killed with a reason", checked, failures);
        }

        /** Each copy-image the client saw succeed: a live copy in the second store, with the image's bytes. */
        CheckResult copies(List<TrackedImage> tracked) {
            List<String> failures = new ArrayList<>();
            long checked = 0;
            for (TrackedImage image : tracked) {
                String status = status(image);
                if (image.copy() != Outcome.SUCCEEDED || !Set.of("active", "deactivated").contains(status)) {
                    continue;
                }
                checked++;
                List<Database.Location> copies = evidence.locations().stream()
                        .filter(location -> location.imageId().equals(image.id())
                                && location.store().equals(settings.secondStore()) && !location.status().equals("DELETED"))
                        .toList();
                if (copies.isEmpty()) {
                    failures.add(image.id() + ": copy-image succeeded but there is no copy in " + settings.secondStore());
                    continue;
                }
                for (Database.Location copy : copies) {
                    try (InputStream in = store.open(copy.bucket(), copy.key())) {
                        Content.Verification verification = image.content().verify(in);
                        if (!verification.matches()) {
                            failures.add(image.id() + ": the copy in " + copy.store() + " differs at byte "
                                    + verification.firstMismatch());
                        }
                    } catch (Exception e) {
                        failures.add(image.id() + ": the copy in " + copy.store() + " cannot be read: " + e.getMessage());
                    }
                }
            }
            return CheckResult.of("copy-image the client saw succeed: a copy in the second store with the image's bytes",
                    checked, failures);
        }

        private String status(TrackedImage image) {
            Database.Image row = evidence.images().get(image.id());
            return row == null ? "gone from the database" : row.status();
        }

        /** Null when a download of the image is its content and the image's hashes are those of it. */
        private String verify(TrackedImage image) {
            Database.Image row = evidence.images().get(image.id());
            try {
                GlanceApi.Download download = api.download(image.id(), image.content());
                if (download.status() != 200) {
                    return "download answered HTTP " + download.status() + ": " + download.body();
                }
                Content.Verification verification = download.verification();
                if (!verification.matches()) {
                    return "download differs from the uploaded data at byte " + verification.firstMismatch()
                            + " (" + verification.bytes() + " bytes read, " + image.content().size() + " uploaded)";
                }
                if (!verification.md5().equals(row.checksum())) {
                    return "checksum " + row.checksum() + " is not the data's MD5 " + verification.md5();
                }
                if (!"sha512".equals(row.hashAlgo()) || !verification.sha512().equals(row.hashValue())) {
                    return "os_hash_value (" + row.hashAlgo() + ") is not the data's SHA-512";
                }
                return null;
            } catch (Exception e) {
                return "download failed: " + e;
            }
        }
    }
}
