package dev.glint.e2e;

import dev.glint.infra.Infrastructure;
import dev.glint.infra.SharedInfrastructure;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The whole suite, started once per test JVM: the shared embedded infrastructure and the five
 * services, plus a second image-api with delayed delete on. Stopped when the JVM exits.
 */
final class GlintSuite {

    private static GlintSuite instance;
    private static Throwable failure;

    final Infrastructure infrastructure;
    final ServiceProcess imageApi;
    final ServiceProcess delayedDeleteApi;
    final ServiceProcess uploadWorker;
    final ServiceProcess importWorker;
    private final List<ServiceProcess> all;

    private GlintSuite() {
        infrastructure = SharedInfrastructure.get();
        Map<String, String> env = new HashMap<>(infrastructure.environment());
        // Short waits so the tests that stop the upload-worker do not sit out production timeouts.
        env.put("GLINT_API_ACTIVATION_TIMEOUT", "5s");
        env.put("GLINT_SCRUBBER_SCRUB_TIME", "5");
        env.put("GLINT_SCRUBBER_WAKEUP_TIME", "1s");
        env.put("GLINT_UPLOAD_WORKER_SWEEP_INTERVAL", "2s");
        env.put("GLINT_UPLOAD_WORKER_SWEEP_AFTER", "PT20S");
        // Transfers of a killed image-api given back within seconds.
        env.put("GLINT_API_TRANSFERS_HEARTBEAT_INTERVAL", "1s");
        env.put("GLINT_API_TRANSFERS_ABANDONED_AFTER", "PT10S");
        env.put("GLINT_API_TRANSFERS_SWEEP_INTERVAL", "1s");
        // Three stores: the default, a second bucket, and one whose endpoint nothing listens on.
        env.put("GLINT_STORAGE_STORES", "default=glint-images,second=glint-images-second,"
                + "broken=glint-images-broken@http://127.0.0.1:9");
        // Imports: quick progress, and a dead worker noticed within seconds.
        env.put("GLINT_IMPORT_PROGRESS_INTERVAL", "PT1S");
        env.put("GLINT_TASKS_STALL_TIMEOUT", "PT8S");
        env.put("GLINT_TASKS_SWEEP_INTERVAL", "2s");
        // The tests' web server is on loopback, which web-download refuses by default.
        env.put("GLINT_IMPORT_WEB_DOWNLOAD_DENY_PRIVATE_NETWORKS", "false");
        env.put("GLINT_IMPORT_WEB_DOWNLOAD_ALLOWED_PORTS", "*");
        env.put("GLINT_IMPORT_WEB_DOWNLOAD_IDLE_TIMEOUT", "PT3S");
        // Glance's image locations, shown and changeable, with its read-only http store.
        env.put("GLINT_IMAGES_SHOW_MULTIPLE_LOCATIONS", "true");
        env.put("GLINT_IMAGES_SHOW_IMAGE_DIRECT_URL", "true");
        env.put("GLINT_STORAGE_HTTP_STORE", "http");
        // Glance's import plugins; conversion only where qemu-img is installed (CI installs it).
        env.put("GLINT_IMPORT_PLUGINS", QemuImg.installed() ? "image-decompression,image-conversion"
                : "image-decompression");
        Map<String, String> delayed = new HashMap<>(env);
        delayed.put("GLINT_DELAYED_DELETE", "true");
        imageApi = new ServiceProcess("image-api", env);
        delayedDeleteApi = new ServiceProcess("image-api#delayed-delete", delayed);
        uploadWorker = new ServiceProcess("upload-worker", env);
        importWorker = new ServiceProcess("import-worker", env);
        all = List.of(imageApi, delayedDeleteApi, uploadWorker, importWorker,
                new ServiceProcess("task-executor", env), new ServiceProcess("scrubber", env));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> all.forEach(ServiceProcess::stop)));
        all.forEach(ServiceProcess::start);
        try {
            CompletableFuture.allOf(all.stream()
                            .map(service -> CompletableFuture.runAsync(() -> service.awaitReady(Duration.ofSeconds(180))))
                            .toArray(CompletableFuture[]::new))
                    .join();
        } catch (RuntimeException e) {
            all.forEach(ServiceProcess::stop);
            throw e;
        }
    }

    static synchronized GlintSuite get() {
        // A suite that failed to start is not started again for every test: the retries would only
        // pile up processes and database connections, and hide the first failure.
        if (failure != null) {
            throw new IllegalStateException("The Glint suite failed to start", failure);
        }
        if (instance == null) {
            try {
                instance = new GlintSuite();
            } catch (RuntimeException | Error e) {
                failure = e;
                throw e;
            }
        }
        return instance;
    }
}
