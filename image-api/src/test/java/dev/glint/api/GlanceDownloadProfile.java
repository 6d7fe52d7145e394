package dev.glint.api;

import java.util.HashMap;
import java.util.Map;

/**
 * {@link TrustedHeadersProfile} with glance-download offered: without a service catalog in this
 * mode, the regions are the operator's static endpoint map.
 */
public class GlanceDownloadProfile extends TrustedHeadersProfile {

    static final String REGION_TWO_URL = "http://region-two.example:9292";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("glint.import.methods", "glance-direct,web-download,copy-image,glance-download");
        overrides.put("glint.import.glance-download.endpoints.RegionTwo", REGION_TWO_URL + "/");
        return overrides;
    }
}
