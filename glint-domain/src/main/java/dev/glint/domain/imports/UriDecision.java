package dev.glint.domain.imports;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

/**
 * The filter's answer for one URI: allowed, or refused with the reason a user or operator can act
 * on. {@code uri} is the parsed URI, or null when the text could not be parsed. {@code addresses}
 * are the addresses the filter checked the host's name against (empty when it checked none: a
 * literal address, or private networks allowed): a fetcher must connect to these and no others,
 * or a name whose answer changes between check and connection (DNS rebinding) gets past the check.
 */
public record UriDecision(URI uri, boolean allowed, String reason, List<InetAddress> addresses) {

    public UriDecision {
        addresses = List.copyOf(addresses);
    }

    static UriDecision allow(URI uri, List<InetAddress> addresses) {
        return new UriDecision(uri, true, null, addresses);
    }

    static UriDecision refuse(URI uri, String reason) {
        return new UriDecision(uri, false, reason, List.of());
    }

    /** The URI when allowed; otherwise throws {@link UriRefusedException} with the reason. */
    public URI orThrow() {
        if (!allowed) {
            throw new UriRefusedException(reason);
        }
        return uri;
    }
}
