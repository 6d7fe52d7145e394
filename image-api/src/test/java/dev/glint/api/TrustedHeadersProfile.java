package dev.glint.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * image-api behind keystonemiddleware (trusted-headers mode), with small quotas and input bounds so
 * that tests can reach them quickly. Each project in these tests is random, so the per-project
 * quotas only bite where a test aims at them.
 */
public class TrustedHeadersProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("glint.auth.mode", "trusted-headers"),
                Map.entry("glint.quota.image-count-total", "12"),
                Map.entry("glint.quota.image-size-total", "3"),
                Map.entry("glint.quota.image-stage-total", "3"),
                Map.entry("glint.storage.stores", "default=glint-images,second=glint-images-second"),
                Map.entry("glint.images.size-cap", "4194304"),
                Map.entry("glint.images.property-quota", "10"),
                Map.entry("glint.images.tag-quota", "10"),
                Map.entry("glint.images.member-quota", "3"),
                Map.entry("glint.api.max-body-bytes", "65536"),
                Map.entry("glint.api.max-json-depth", "8"),
                Map.entry("glint.api.max-patch-operations", "50"),
                Map.entry("glint.api.max-query-parameters", "30"),
                Map.entry("glint.api.list-limit-max", "50"),
                Map.entry("glint.api.body-timeout", "2s"),
                Map.entry("glint.api.request-head-timeout", "3s"));
    }
}
