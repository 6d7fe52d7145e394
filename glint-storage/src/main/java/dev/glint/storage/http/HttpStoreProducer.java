package dev.glint.storage.http;

import dev.glint.domain.imports.UriFilter;
import dev.glint.domain.imports.WebDownloadConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The http store of a service, reading through the web-download filter and with its timeouts. */
@ApplicationScoped
public class HttpStoreProducer {

    @Produces
    @Singleton
    HttpStore httpStore(WebDownloadConfig config) {
        return new HttpStore(new UriFilter(config.rules()), config.connectTimeout(), config.idleTimeout(),
                config.maxRedirects());
    }
}
