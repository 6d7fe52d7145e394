package dev.glint.api.domain;

import dev.glint.api.identity.AuthMode;
import dev.glint.domain.ImportMethod;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where another region's image service is, for glance-download: in keystone mode the caller's
 * service catalog (as Glance's {@code get_glance_endpoint}: the {@code image} service's endpoint
 * in that region, case-insensitively, with that interface); in the other modes, which have no
 * catalog, the operator's {@code glint.import.glance-download.endpoints} map (by region; the
 * interface is not consulted).
 */
@ApplicationScoped
public class GlanceEndpoints {

    /** The endpoint found (a base URL without a trailing slash), or why none was. */
    public record Lookup(String endpoint, String problem) {
    }

    private final AuthMode mode;
    private final ImportConfig config;

    public GlanceEndpoints(ImportConfig config, @ConfigProperty(name = "glint.auth.mode") String mode) {
        this.config = config;
        this.mode = AuthMode.parse(mode);
    }

    /** A glance-download that could never find an endpoint is a configuration mistake: said at start. */
    void check(@Observes StartupEvent event) {
        if (config.methods().contains(ImportMethod.GLANCE_DOWNLOAD.wireName()) && mode != AuthMode.KEYSTONE
                && config.glanceDownload().endpoints().isEmpty()) {
            throw new IllegalStateException("glint.import.methods offers glance-download, but glint.auth.mode is "
                    + mode.name().toLowerCase(Locale.ROOT).replace('_', '-') + ", which has no service catalog to find "
                    + "other regions in: set glint.import.glance-download.endpoints.REGION=URL, or use keystone mode");
        }
    }

    public Lookup find(List<Map<String, Object>> catalog, String region, String serviceInterface) {
        if (mode != AuthMode.KEYSTONE) {
            return config.glanceDownload().endpoints().entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(region))
                    .map(entry -> new Lookup(trimmed(entry.getValue()), null))
                    .findFirst()
                    .orElseGet(() -> new Lookup(null, "No image service is configured for region '" + region
                            + "' (glint.import.glance-download.endpoints names " + config.glanceDownload().endpoints()
                            .keySet() + ")."));
        }
        return inCatalog(catalog, region, serviceInterface)
                .map(url -> new Lookup(trimmed(url), null))
                .orElseGet(() -> new Lookup(null, "The service catalog has no image service endpoint in region '"
                        + region + "' with interface '" + serviceInterface + "'."));
    }

    /** The Keystone v3 catalog's {@code image} endpoint in {@code region} with {@code serviceInterface}. */
    static Optional<String> inCatalog(List<Map<String, Object>> catalog, String region,
            String serviceInterface) {
        for (Map<String, Object> service : catalog) {
            if (!"image".equals(service.get("type")) || !(service.get("endpoints") instanceof List<?> endpoints)) {
                continue;
            }
            for (Object candidate : endpoints) {
                if (candidate instanceof Map<?, ?> endpoint && serviceInterface.equals(endpoint.get("interface"))
                        && (region.equalsIgnoreCase(String.valueOf(endpoint.get("region_id")))
                                || region.equalsIgnoreCase(String.valueOf(endpoint.get("region"))))
                        && endpoint.get("url") instanceof String url && !url.isBlank()) {
                    return Optional.of(url);
                }
            }
        }
        return Optional.empty();
    }

    private static String trimmed(String url) {
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
