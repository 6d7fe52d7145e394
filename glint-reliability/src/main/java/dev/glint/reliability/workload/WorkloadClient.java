package dev.glint.reliability.workload;

import dev.glint.reliability.api.GlanceApi;
import dev.glint.reliability.api.Response;
import dev.glint.reliability.content.Content;
import dev.glint.reliability.content.ContentServer;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One client of the mixed workload: it picks operations at random (weighted) until the deadline,
 * as a user of Glance would do them, and writes what it saw into the {@link Ledger}. It never
 * gives up on a flow half-way because of a fault: a staged image whose import call got no answer is
 * looked at and the import asked for again, so every image the clients leave behind is at rest.
 */
final class WorkloadClient implements Runnable {

    enum Operation {
        SIZED_UPLOAD(20), CHUNKED_UPLOAD(10), GLANCE_DIRECT(12), WEB_DOWNLOAD(10), COPY_IMAGE(6),
        DELETE(10), DEACTIVATION(6), TAGS(8), MEMBERS(6), DOWNLOAD(6), LIST(6);

        final int weight;

        Operation(int weight) {
            this.weight = weight;
        }
    }

    private static final Duration POLL = Duration.ofSeconds(2);
    private static final int IMPORT_CALL_ATTEMPTS = 6;

    private final int index;
    private static final long MAX_PAUSE_MILLIS = 2_000;

    private final GlanceApi api;
    /** Calls in a row that got no answer. */
    private int unanswered;
    private final Ledger ledger;
    private final ContentServer source;
    private final WorkloadOptions options;
    private final Sizes sizes;
    private final Instant deadline;
    private final Random random;
    private final List<String> mismatches;

    WorkloadClient(int index, GlanceApi api, Ledger ledger, ContentServer source, WorkloadOptions options,
            Instant deadline, long seed, List<String> mismatches) {
        this.index = index;
        this.api = api;
        this.ledger = ledger;
        this.source = source;
        this.options = options;
        this.sizes = new Sizes(options.minSizeBytes(), options.maxSizeBytes());
        this.deadline = deadline;
        this.random = new Random(seed);
        this.mismatches = mismatches;
    }

    @Override
    public void run() {
        while (Instant.now().isBefore(deadline) && !Thread.currentThread().isInterrupted()) {
            Operation operation = ledger.live() >= options.maxLiveImages() ? Operation.DELETE : pick();
            try {
                perform(operation);
            } catch (RuntimeException e) {
                count(name(operation), "error in the driver: " + e.getClass().getSimpleName());
                System.err.println("client " + index + ": " + operation + ": " + e);
            }
            pauseWhileUnanswered();
        }
    }

    /** Counts an outcome; a call that got no answer makes the client pause before its next operation. */
    private void count(String operation, String outcome) {
        ledger.count(operation, outcome);
        unanswered = outcome.startsWith("no answer") ? unanswered + 1 : 0;
    }

    /**
     * As a real client would, back off while Glint does not answer (a service killed or restarting):
     * 100 ms after the first call without an answer, doubling to 2 s. Without it one client sent
     * 132,266 creates in the seconds image-api was down, which only measured the driver.
     */
    private void pauseWhileUnanswered() {
        if (unanswered == 0) {
            return;
        }
        long millis = Math.min(MAX_PAUSE_MILLIS, 100L << Math.min(unanswered - 1, 5));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Operation pick() {
        int total = 0;
        for (Operation operation : Operation.values()) {
            total += weight(operation);
        }
        int roll = random.nextInt(total);
        for (Operation operation : Operation.values()) {
            roll -= weight(operation);
            if (roll < 0) {
                return operation;
            }
        }
        return Operation.LIST;
    }

    private int weight(Operation operation) {
        return operation == Operation.COPY_IMAGE && !options.storeCopies() ? 0 : operation.weight;
    }

    private void perform(Operation operation) {
        switch (operation) {
            case SIZED_UPLOAD -> upload(TrackedImage.Flow.SIZED_UPLOAD, true);
            case CHUNKED_UPLOAD -> upload(TrackedImage.Flow.CHUNKED_UPLOAD, false);
            case GLANCE_DIRECT -> glanceDirect();
            case WEB_DOWNLOAD -> webDownload();
            case COPY_IMAGE -> withImage(this::hasActiveData, this::copyImage);
            case DELETE -> withImage(image -> true, this::delete);
            case DEACTIVATION -> withImage(this::hasData, this::toggleDeactivation);
            case TAGS -> withImage(image -> true, this::tags);
            case MEMBERS -> withImage(image -> true, this::members);
            case DOWNLOAD -> withImage(this::hasActiveData, this::download);
            case LIST -> list();
            default -> throw new IllegalStateException(operation.toString());
        }
    }

    private static String name(Operation operation) {
        return operation.name().toLowerCase().replace('_', ' ');
    }

    private boolean hasData(TrackedImage image) {
        return image.data() == TrackedImage.Outcome.SUCCEEDED;
    }

    private boolean hasActiveData(TrackedImage image) {
        return hasData(image) && !image.deactivated() && !image.deactivationUncertain();
    }

    private void withImage(java.util.function.Predicate<TrackedImage> wanted, java.util.function.Consumer<TrackedImage> action) {
        Optional<TrackedImage> claimed = ledger.claim(random, wanted);
        if (claimed.isEmpty()) {
            // Nothing to work on yet: make something instead.
            upload(TrackedImage.Flow.SIZED_UPLOAD, true);
            return;
        }
        try {
            action.accept(claimed.get());
        } finally {
            claimed.get().release();
        }
    }

    /** POST /v2/images; the new image is claimed by this client until the flow ends. */
    private Optional<TrackedImage> create(TrackedImage.Flow flow, Content content) {
        Map<String, Object> attributes = Map.of("name", "reliability-" + index + "-" + random.nextInt(1_000_000),
                "disk_format", "raw", "container_format", "bare",
                "visibility", random.nextBoolean() ? "private" : "shared");
        try {
            Response created = api.createImage(attributes);
            if (created.status() != 201) {
                count("create", "HTTP " + created.status());
                return Optional.empty();
            }
            count("create", "created");
            TrackedImage image = ledger.add((String) created.json().get("id"), flow, content);
            image.tryClaim();
            return Optional.of(image);
        } catch (IOException e) {
            // An image may have been created without the client learning its id: it stays queued.
            count("create", "no answer");
            return Optional.empty();
        }
    }

    private Content newContent() {
        return new Content(random.nextLong(), sizes.next(random));
    }

    private void upload(TrackedImage.Flow flow, boolean sized) {
        Optional<TrackedImage> created = create(flow, newContent());
        if (created.isEmpty()) {
            return;
        }
        TrackedImage image = created.get();
        String operation = sized ? "upload (sized)" : "upload (chunked)";
        try {
            Response response = api.upload(image.id(), image.content(), sized);
            if (response.status() == 204) {
                image.data(TrackedImage.Outcome.SUCCEEDED, "");
                count(operation, "succeeded");
            } else {
                image.data(TrackedImage.Outcome.FAILED, response.toString());
                count(operation, "HTTP " + response.status());
            }
        } catch (HttpTimeoutException e) {
            image.data(TrackedImage.Outcome.UNKNOWN, e.toString());
            count(operation, "timed out");
        } catch (IOException e) {
            image.data(TrackedImage.Outcome.FAILED, "no answer: " + e);
            count(operation, "no answer");
        } finally {
            image.release();
        }
    }

    private void glanceDirect() {
        Optional<TrackedImage> created = create(TrackedImage.Flow.GLANCE_DIRECT, newContent());
        if (created.isEmpty()) {
            return;
        }
        TrackedImage image = created.get();
        try {
            Response staged;
            try {
                staged = api.stage(image.id(), image.content(), random.nextBoolean());
            } catch (IOException e) {
                image.data(TrackedImage.Outcome.FAILED, "stage: no answer: " + e);
                count("stage", "no answer");
                return;
            }
            if (staged.status() != 204) {
                image.data(TrackedImage.Outcome.FAILED, "stage: " + staged);
                count("stage", "HTTP " + staged.status());
                return;
            }
            count("stage", "succeeded");
            requestImport(image, "glance-direct", Map.of("method", Map.of("name", "glance-direct")), "uploading");
        } finally {
            image.release();
        }
    }

    private void webDownload() {
        Optional<TrackedImage> created = create(TrackedImage.Flow.WEB_DOWNLOAD, newContent());
        if (created.isEmpty()) {
            return;
        }
        TrackedImage image = created.get();
        try {
            requestImport(image, "web-download", Map.of("method",
                    Map.of("name", "web-download", "uri", source.url(image.content()))), "queued");
        } finally {
            image.release();
        }
    }

    /**
     * POST /import until it is accepted or the image shows it was, then waits for the outcome.
     * {@code waitingStatus}: the status an image has while the import has not been taken yet.
     */
    private void requestImport(TrackedImage image, String method, Map<String, Object> body, String waitingStatus) {
        String operation = "import " + method;
        for (int attempt = 1; attempt <= IMPORT_CALL_ATTEMPTS; attempt++) {
            try {
                Response response = api.importImage(image.id(), body);
                if (response.status() == 202) {
                    break;
                }
                if (response.status() < 500 && response.status() != 409) {
                    image.data(TrackedImage.Outcome.FAILED, "import: " + response);
                    count(operation, "HTTP " + response.status());
                    return;
                }
            } catch (IOException e) {
                // Maybe accepted, maybe not: the image's status tells.
            }
            Optional<String> status = status(image.id());
            if (status.isPresent() && !status.get().equals(waitingStatus)) {
                break;
            }
            if (attempt == IMPORT_CALL_ATTEMPTS) {
                image.data(TrackedImage.Outcome.FAILED, "import: never accepted");
                count(operation, "never accepted");
                return;
            }
            pause(POLL.multipliedBy(attempt));
        }
        awaitImport(image, operation);
    }

    /** Until the image leaves importing: active is success, queued (import failed) or killed failure. */
    private void awaitImport(TrackedImage image, String operation) {
        Instant until = Instant.now().plus(options.importWait());
        while (Instant.now().isBefore(until)) {
            Optional<String> status = status(image.id());
            if (status.isPresent()) {
                switch (status.get()) {
                    case "active" -> {
                        image.data(TrackedImage.Outcome.SUCCEEDED, "");
                        count(operation, "succeeded");
                        return;
                    }
                    case "queued", "killed" -> {
                        image.data(TrackedImage.Outcome.FAILED, "import ended " + status.get());
                        count(operation, "failed, image " + status.get());
                        return;
                    }
                    default -> {
                        // importing (or uploading before the import was taken): not done yet.
                    }
                }
            }
            pause(POLL);
        }
        image.data(TrackedImage.Outcome.UNKNOWN, "import still running after " + options.importWait());
        count(operation, "still running when the client stopped waiting");
    }

    private void copyImage(TrackedImage image) {
        if (image.copy() != TrackedImage.Outcome.NOT_TRIED) {
            count("copy-image", "skipped, copied before");
            return;
        }
        Optional<String> status = status(image.id());
        if (status.isEmpty() || !status.get().equals("active")) {
            count("copy-image", "skipped, image " + status.orElse("unreachable"));
            return;
        }
        Map<String, Object> body = Map.of("method", Map.of("name", "copy-image"), "stores", List.of(options.secondStore()));
        Map<String, String> before = tasks(image.id()).orElse(Map.of());
        try {
            Response response = api.importImage(image.id(), body);
            if (response.status() != 202) {
                count("copy-image", "HTTP " + response.status());
                image.copy(response.status() >= 500 ? TrackedImage.Outcome.UNKNOWN : TrackedImage.Outcome.FAILED);
                return;
            }
        } catch (IOException e) {
            count("copy-image", "no answer");
            image.copy(TrackedImage.Outcome.UNKNOWN);
            return;
        }
        Instant until = Instant.now().plus(options.importWait());
        while (Instant.now().isBefore(until)) {
            Optional<String> task = tasks(image.id()).flatMap(now -> now.entrySet().stream()
                    .filter(entry -> !before.containsKey(entry.getKey())).map(Map.Entry::getValue).findFirst());
            if (task.isPresent() && (task.get().equals("success") || task.get().equals("failure"))) {
                boolean succeeded = task.get().equals("success");
                image.copy(succeeded ? TrackedImage.Outcome.SUCCEEDED : TrackedImage.Outcome.FAILED);
                count("copy-image", succeeded ? "succeeded" : "task failed");
                return;
            }
            pause(POLL);
        }
        image.copy(TrackedImage.Outcome.UNKNOWN);
        count("copy-image", "still running when the client stopped waiting");
    }

    private void delete(TrackedImage image) {
        try {
            Response response = api.delete(image.id());
            if (response.status() == 204) {
                image.delete(TrackedImage.Outcome.SUCCEEDED);
                count("delete", "succeeded");
            } else if (response.status() == 404) {
                // An earlier delete whose answer was lost went through after all.
                image.delete(image.delete() == TrackedImage.Outcome.UNKNOWN
                        ? TrackedImage.Outcome.SUCCEEDED : TrackedImage.Outcome.FAILED);
                count("delete", "HTTP 404");
            } else {
                image.delete(response.status() >= 500 ? TrackedImage.Outcome.UNKNOWN : TrackedImage.Outcome.FAILED);
                count("delete", "HTTP " + response.status());
            }
        } catch (IOException e) {
            image.delete(TrackedImage.Outcome.UNKNOWN);
            count("delete", "no answer");
        }
    }

    private void toggleDeactivation(TrackedImage image) {
        boolean deactivate = !image.deactivated();
        String operation = deactivate ? "deactivate" : "reactivate";
        try {
            Response response = deactivate ? api.deactivate(image.id()) : api.reactivate(image.id());
            if (response.status() == 204) {
                image.deactivated(deactivate, true);
                count(operation, "succeeded");
            } else {
                // 409: the image is not active (a copy runs); 5xx under a fault: may or may not be done.
                if (response.status() >= 500) {
                    image.deactivated(image.deactivated(), false);
                }
                count(operation, "HTTP " + response.status());
            }
        } catch (IOException e) {
            image.deactivated(image.deactivated(), false);
            count(operation, "no answer");
        }
    }

    private void tags(TrackedImage image) {
        String tag = "tag-" + random.nextInt(20);
        try {
            Response response = random.nextInt(3) == 0 ? api.deleteTag(image.id(), tag) : api.addTag(image.id(), tag);
            count("tag change", "HTTP " + response.status());
        } catch (IOException e) {
            count("tag change", "no answer");
        }
    }

    private void members(TrackedImage image) {
        String member = "project-" + random.nextInt(10);
        try {
            Response shared = api.patch(image.id(), List.of(Map.of("op", "replace", "path", "/visibility", "value", "shared")));
            if (!shared.ok()) {
                count("member change", "visibility HTTP " + shared.status());
                return;
            }
            Response response = random.nextInt(3) == 0 ? api.deleteMember(image.id(), member)
                    : api.addMember(image.id(), member);
            count("member change", "HTTP " + response.status());
        } catch (IOException e) {
            count("member change", "no answer");
        }
    }

    private void download(TrackedImage image) {
        try {
            GlanceApi.Download download = api.download(image.id(), image.content());
            if (download.status() != 200) {
                count("download", "HTTP " + download.status());
                return;
            }
            if (download.verification().matches()) {
                count("download", "verified");
            } else {
                count("download", "DIFFERENT DATA");
                mismatches.add(image.id() + ": download differs from the uploaded data at byte "
                        + download.verification().firstMismatch());
            }
        } catch (IOException e) {
            count("download", "no answer or cut off");
        }
    }

    private void list() {
        Map<String, String> query = switch (random.nextInt(4)) {
            case 0 -> Map.of("limit", "20");
            case 1 -> Map.of("status", "active", "sort_key", "name", "sort_dir", "asc");
            case 2 -> Map.of("visibility", "shared", "limit", "5");
            default -> Map.of("tag", "tag-" + random.nextInt(20));
        };
        try {
            count("list", "HTTP " + api.list(query).status());
        } catch (IOException e) {
            count("list", "no answer");
        }
    }

    private Optional<String> status(String id) {
        try {
            Response response = api.image(id);
            return response.status() == 200 ? Optional.of((String) response.json().get("status"))
                    : response.status() == 404 ? Optional.of("deleted") : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The image's tasks: id to status. */
    @SuppressWarnings("unchecked")
    private Optional<Map<String, String>> tasks(String id) {
        try {
            Response response = api.imageTasks(id);
            if (response.status() != 200) {
                return Optional.empty();
            }
            Map<String, String> statuses = new java.util.HashMap<>();
            for (Map<String, Object> task : (List<Map<String, Object>>) response.json().get("tasks")) {
                statuses.put(String.valueOf(task.get("id")), String.valueOf(task.get("status")));
            }
            return Optional.of(statuses);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
