package dev.glint.api.domain;

import dev.glint.domain.imports.UriDecision;
import dev.glint.domain.imports.UriFilter;
import dev.glint.domain.imports.WebDownloadConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refuses a web-download URI up front (400) unless the operator's filters allow it; the
 * import-worker checks it again, and every redirect, when it downloads.
 */
@ApplicationScoped
public class WebDownloadGate {

    private final UriFilter filter;

    public WebDownloadGate(WebDownloadConfig config) {
        this.filter = new UriFilter(config.rules());
    }

    public void requireAllowed(String uri) {
        UriDecision decision = filter.check(uri);
        if (!decision.allowed()) {
            throw ApiException.badRequest("URI for web-download does not pass filtering: " + decision.reason());
        }
    }
}
