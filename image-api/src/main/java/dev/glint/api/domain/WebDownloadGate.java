package dev.glint.api.domain;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;

/** Refuses a web-download URI up front unless the operator's filters allow it. */
@ApplicationScoped
public class WebDownloadGate {

    public void requireAllowed(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (Exception e) {
            throw ApiException.badRequest("The web-download URI is not a valid URI: " + uri);
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiException.badRequest("URI for web-download does not pass filtering: scheme " + scheme);
        }
    }
}
