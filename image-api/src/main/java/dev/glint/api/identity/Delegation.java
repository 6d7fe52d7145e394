package dev.glint.api.identity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a request lets Glint do on its caller's behalf with another service (glance-download reads
 * another region's image service as the caller): the caller's token, when it expires, and the
 * service catalog that came with it. In keystone mode all three are the validated token's; in the
 * other modes there is no catalog, and the token is whatever {@code X-Auth-Token} the request
 * carried, if any, its expiry unknown.
 */
public record Delegation(String token, Instant expiresAt, List<Map<String, Object>> catalog) {

    @Override
    public String toString() {
        return "Delegation[expires " + expiresAt + ", " + catalog.size() + " services]";
    }
}
