package dev.glint.api.domain;

import dev.glint.api.identity.Caller;
import dev.glint.persistence.Transactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/** Glance's image size cap and per-project quotas: a request that would exceed one is 413. */
@ApplicationScoped
public class Quotas {

    private static final long MIB = 1024 * 1024;

    private final QuotaConfig config;
    private final long sizeCap;
    private final Transactions tx;

    public Quotas(QuotaConfig config, ImagesConfig images, Transactions tx) {
        this.config = config;
        this.sizeCap = images.sizeCap();
        this.tx = tx;
    }

    /** What one project uses, as {@code GET /v2/info/usage} reports it. */
    public record Usage(long imageCount, long imageBytes, long uploading, long stagedBytes) {
    }

    public Uni<Usage> usage(Mutiny.Session session, String project) {
        return session.createNativeQuery("""
                        select count(*), coalesce(sum(size), 0),
                               count(*) filter (where status in ('saving', 'uploading', 'importing')),
                               coalesce(sum(size) filter (where status in ('uploading', 'importing')), 0)
                        from images where owner = :owner and status <> 'deleted'""", Object[].class)
                .setParameter("owner", project)
                .getSingleResult()
                .map(row -> new Usage(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                        ((Number) row[2]).longValue(), ((Number) row[3]).longValue()));
    }

    public Uni<Map<String, Object>> report(Caller caller) {
        return tx.read(session -> usage(session, caller.projectId())).map(usage -> {
            Map<String, Object> resources = new LinkedHashMap<>();
            resources.put("image_size_total", entry(config.imageSizeTotal(), usage.imageBytes() / MIB));
            resources.put("image_stage_total", entry(config.imageStageTotal(), usage.stagedBytes() / MIB));
            resources.put("image_count_total", entry(config.imageCountTotal(), usage.imageCount()));
            resources.put("image_count_uploading", entry(config.imageCountUploading(), usage.uploading()));
            return Map.of("usage", resources);
        });
    }

    private static Map<String, Object> entry(long limit, long usage) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("limit", limit);
        entry.put("usage", usage);
        return entry;
    }

    /** Checked inside the create transaction, so two racing creates see each other only once committed. */
    public Uni<Void> checkCreate(Mutiny.Session session, String project) {
        if (config.imageCountTotal() < 0) {
            return Uni.createFrom().voidItem();
        }
        return usage(session, project).invoke(usage -> over("image_count_total", config.imageCountTotal(),
                usage.imageCount(), 1)).replaceWithVoid();
    }

    /**
     * Before data is accepted: the declared size against the cap, the owner's stored bytes and
     * running uploads against its quotas. {@code declared} is -1 when the size is not known yet.
     */
    public Uni<Void> checkUpload(Mutiny.Session session, String project, long declared) {
        if (declared > sizeCap) {
            throw tooLarge(declared);
        }
        if (config.imageSizeTotal() < 0 && config.imageCountUploading() < 0) {
            return Uni.createFrom().voidItem();
        }
        return usage(session, project).invoke(usage -> {
            long deltaMib = Math.max(1, (Math.max(declared, 0) + MIB - 1) / MIB);
            over("image_size_total", config.imageSizeTotal(), usage.imageBytes() / MIB, deltaMib);
            over("image_count_uploading", config.imageCountUploading(), usage.uploading(), 1);
        }).replaceWithVoid();
    }

    /**
     * After data of unknown length is stored (no Content-Length to check up front): its real size
     * against the owner's storage quota. Call before the image's own size is recorded.
     */
    public Uni<Void> checkStored(Mutiny.Session session, String project, long size) {
        if (config.imageSizeTotal() < 0) {
            return Uni.createFrom().voidItem();
        }
        return usage(session, project).invoke(usage -> over("image_size_total", config.imageSizeTotal(),
                usage.imageBytes() / MIB, Math.max(1, (size + MIB - 1) / MIB))).replaceWithVoid();
    }

    /**
     * Before data is staged: the declared size against the cap, the owner's staged bytes against
     * {@code image_stage_total}, running uploads against {@code image_count_uploading}.
     */
    public Uni<Void> checkStage(Mutiny.Session session, String project, long declared) {
        if (declared > sizeCap) {
            throw tooLarge(declared);
        }
        if (config.imageStageTotal() < 0 && config.imageCountUploading() < 0) {
            return Uni.createFrom().voidItem();
        }
        return usage(session, project).invoke(usage -> {
            over("image_stage_total", config.imageStageTotal(), usage.stagedBytes() / MIB, mib(declared));
            over("image_count_uploading", config.imageCountUploading(), usage.uploading(), 1);
        }).replaceWithVoid();
    }

    /** After data of unknown length is staged: its real size against {@code image_stage_total}. */
    public Uni<Void> checkStaged(Mutiny.Session session, String project, long size) {
        if (config.imageStageTotal() < 0) {
            return Uni.createFrom().voidItem();
        }
        return usage(session, project).invoke(usage -> over("image_stage_total", config.imageStageTotal(),
                usage.stagedBytes() / MIB, mib(size))).replaceWithVoid();
    }

    private static long mib(long bytes) {
        return Math.max(1, (Math.max(bytes, 0) + MIB - 1) / MIB);
    }

    public long sizeCap() {
        return sizeCap;
    }

    public static ApiException tooLarge(long size) {
        return new ApiException(413, "Image exceeds the size cap: " + size + " bytes is more than the "
                + "configured image size cap.");
    }

    private static void over(String resource, long limit, long usage, long delta) {
        if (limit >= 0 && usage + delta > limit) {
            throw new ApiException(413, "Project is over a limit for [Resource " + resource + " is over limit of "
                    + limit + " due to current usage " + usage + " and delta " + delta + "]");
        }
    }
}
