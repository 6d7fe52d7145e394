package dev.glint.api.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The remote endpoint found in a Keystone v3 catalog as Glance's get_glance_endpoint finds it. */
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

    @Test
    void aRegionOrInterfaceTheCatalogLacksFindsNothing() {
        assertEquals(Optional.empty(), GlanceEndpoints.inCatalog(CATALOG, "not a region", "public"));
        assertEquals(Optional.empty(), GlanceEndpoints.inCatalog(CATALOG, "RegionOne", "not an interface"));
        assertEquals(Optional.empty(), GlanceEndpoints.inCatalog(CATALOG, "RegionTwo", "admin"));
        assertEquals(Optional.empty(), GlanceEndpoints.inCatalog(List.of(), "RegionOne", "public"));
    }
}
