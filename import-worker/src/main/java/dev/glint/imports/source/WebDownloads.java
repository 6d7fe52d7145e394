package dev.glint.imports.source;

import dev.glint.domain.imports.WebDownloadConfig;
import dev.glint.imports.domain.ImportFailure;
import jakarta.enterprise.context.ApplicationScoped;

/** Opens web-download URIs through the operator's filters (checked again for every redirect). */
@ApplicationScoped
public class WebDownloads {

    private final HttpSource http;

    public WebDownloads(WebDownloadConfig config) {
        this.http = HttpSource.from(config);
    }

    public OpenedSource open(String uri) {
        try {
            SourceStream source = http.open(uri);
            return new OpenedSource(source.body(), source.contentLength().orElse(-1),
                    "web-download source " + source.finalUri().getHost());
        } catch (SourceException e) {
            throw new ImportFailure(e.getMessage(), e);
        }
    }
}
