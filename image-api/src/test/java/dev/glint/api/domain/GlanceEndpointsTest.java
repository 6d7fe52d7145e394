package dev.glint.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The remote endpoint found in a Keystone v3 catalog as Glance's get_glance_endpoint finds it, or,
 * in the modes without a catalog, in the static map, without which image-api does not start with
 * glance-download offered.
 */
class GlanceEndpointsTest {

    private static final List<Map<String, Object>> CATALOG = List.of(
            Map.of("type", "identity", "endpoints", List.of(
                    Map.of("interface", "public", "region_id", "RegionOne", "region", "RegionOne",
                            "url", "http://keystone:5000/v3"))),
            Map.of("type", "image", "name", "glance", "endpoints", List.of(
                    Map.of("interface", "public", "region_id", "RegionOne", "region", "RegionOne",
                            "url", "http://one:9292"),
                    Map.of("interface", "internal", "region_id", "RegionOne", "region", "RegionOne",
                            "url", "http://one-internal:9292"),
                    Map.of("interface", "public", "region_id", "RegionTwo", "region", "RegionTwo",
                            "url", "https://two.example/image/"))));

    @Test
    void theImageServiceInTheRegionWithTheInterface() {
        assertEquals(Optional.of("http://one:9292"), GlanceEndpoints.inCatalog(CATALOG, "RegionOne", "public"));
        assertEquals(Optional.of("http://one-internal:9292"), GlanceEndpoints.inCatalog(CATALOG, "RegionOne", "internal"));
        assertEquals(Optional.of("https://two.example/image/"), GlanceEndpoints.inCatalog(CATALOG, "regiontwo", "public"));
    }

    private static ImportConfig config(List<String> methods, Map<String, String> endpoints) {
        return new ImportConfig() {
            @Override
            public List<String> methods() {
                return methods;
            }

            @Override
            public GlanceDownload glanceDownload() {
                return new GlanceDownload() {
                    @Override
                    public Map<String, String> endpoints() {
                        return endpoints;
                    }

                    @Override
                    public Duration credentialLifetime() {
                        return Duration.ofHours(1);
                    }
                };
            }
        };
    }

    private static final List<String> WITH_GLANCE_DOWNLOAD = List.of("web-download", "glance-download");

    @Test
    void withoutACatalogOrAMapGlanceDownloadIsAStartFailure() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new GlanceEndpoints(config(WITH_GLANCE_DOWNLOAD, Map.of()), "trusted-headers").check(null));
        assertTrue(e.getMessage().contains("glint.import.glance-download.endpoints"));
        new GlanceEndpoints(config(WITH_GLANCE_DOWNLOAD, Map.of()), "keystone").check(null);
        new GlanceEndpoints(config(List.of("web-download"), Map.of()), "noauth").check(null);
        new GlanceEndpoints(config(WITH_GLANCE_DOWNLOAD, Map.of("RegionTwo", "http://two:9292")), "noauth").check(null);
    }

    @Test
    void withoutACatalogTheStaticMapNamesTheRegions() {
        GlanceEndpoints endpoints = new GlanceEndpoints(config(WITH_GLANCE_DOWNLOAD,
                Map.of("RegionTwo", "http://two:9292//")), "noauth");
        assertEquals(new GlanceEndpoints.Lookup("http://two:9292", null), endpoints.find(CATALOG, "regionTWO", "any"));
        GlanceEndpoints.Lookup none = endpoints.find(CATALOG, "RegionOne", "public");
        assertNull(none.endpoint());
        assertTrue(none.problem().contains("'RegionOne'"), none.problem());
    }

    @Test
    void inKeystoneModeTheCatalogIsAsked() {
        GlanceEndpoints endpoints = new GlanceEndpoints(config(WITH_GLANCE_DOWNLOAD,
                Map.of("RegionOne", "http://ignored")), "keystone");
        assertEquals(new GlanceEndpoints.Lookup("https://two.example/image", null),
                endpoints.find(CATALOG, "RegionTwo", "public"));
        assertTrue(endpoints.find(CATALOG, "RegionTwo", "internal").problem()
                .contains("interface 'internal'"));
    }

    @Test
    void aRegionOrInterfaceTheCatalogLacksFindsNothing() {
        assertEquals(Optional.empty(), GlanceEndpoints.inCatalog(CATALOG, "not a region", "public"));
        assertEquals(Optional.empty(), GlanceEndpoints.inCatalog(CATALOG, "RegionOne", "not an interface"));
        assertEquals(Optional.empty(), GlanceEndpoints.inCatalog(CATALOG, "RegionTwo", "admin"));
        assertEquals(Optional.empty(), GlanceEndpoints.inCatalog(List.of(), "RegionOne", "public"));
    }
}
