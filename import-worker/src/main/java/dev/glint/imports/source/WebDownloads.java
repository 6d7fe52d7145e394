package dev.glint.imports.source;

import dev.glint.imports.domain.ImportFailure;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens a web-download URI. A source that sends nothing for the read timeout fails the import
 * instead of holding a worker forever.
 */
@ApplicationScoped
public class WebDownloads {

    private final Duration connectTimeout;
    private final Duration readTimeout;

    public WebDownloads(
            @ConfigProperty(name = "glint.import.web-download.connect-timeout", defaultValue = "PT10S") Duration connectTimeout,
            @ConfigProperty(name = "glint.import.web-download.read-timeout", defaultValue = "PT30S") Duration readTimeout) {
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    public OpenedSource open(String uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(uri).toURL().openConnection();
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout((int) connectTimeout.toMillis());
            connection.setReadTimeout((int) readTimeout.toMillis());
            int status = connection.getResponseCode();
            if (status / 100 != 2) {
                connection.disconnect();
                throw new ImportFailure("The web-download source answered " + status + " "
                        + connection.getResponseMessage() + " for " + uri);
            }
            InputStream body = new TimedOutAsFailure(connection.getInputStream(), uri, readTimeout);
            return new OpenedSource(body, connection.getContentLengthLong(), uri);
        } catch (IOException | IllegalArgumentException e) {
            throw new ImportFailure("The web-download source " + uri + " could not be read: " + e.getMessage(), e);
        }
    }

    /** Says in words that the source went quiet, rather than "Read timed out". */
    private static final class TimedOutAsFailure extends java.io.FilterInputStream {
        private final String uri;
        private final Duration timeout;

        TimedOutAsFailure(InputStream in, String uri, Duration timeout) {
            super(in);
            this.uri = uri;
            this.timeout = timeout;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (SocketTimeoutException e) {
                throw new IOException("the source sent no data for " + timeout.toSeconds() + " s (" + uri + ")", e);
            }
        }
    }
}
