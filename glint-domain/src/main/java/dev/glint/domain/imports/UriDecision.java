package dev.glint.domain.imports;

import java.net.URI;

/**
 * The filter's answer for one URI: allowed, or refused with the reason a user or operator can act
 * on. {@code uri} is the parsed URI, or null when the text could not be parsed.
 */
public record UriDecision(URI uri, boolean allowed, String reason) {

    static UriDecision allow(URI uri) {
        return new UriDecision(uri, true, null);
    }

    static UriDecision refuse(URI uri, String reason) {
        return new UriDecision(uri, false, reason);
    }

    /** The URI when allowed; otherwise throws {@link UriRefusedException} with the reason. */
    public URI orThrow() {
        if (!allowed) {
            throw new UriRefusedException(reason);
        }
        return uri;
    }
}
