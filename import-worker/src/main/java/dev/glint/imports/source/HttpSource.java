package dev.glint.imports.source;

import dev.glint.domain.imports.UriDecision;
import dev.glint.domain.imports.UriFilter;
import dev.glint.domain.imports.WebDownloadConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Opens a web-download URI and hands its body over as a stream, never holding the image.
 *
 * <p>HttpURLConnection rather than java.net.http.HttpClient because its socket read timeout is
 * exactly the idle timeout wanted here (the longest wait for the next bytes, headers or body);
 * HttpClient has no such timeout for a body being streamed. Redirects are followed by hand so
 * that every hop passes the {@link UriFilter} again: a public URI must not be able to redirect the
 * download into a private network. No proxy is used, so the address checked is the one connected
 * to, and no Accept-Encoding is sent, so the bytes are the image's as the source stores them.
 */
public final class HttpSource {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(410, "Gone"), Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private final UriFilter filter;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final int maxRedirects;

    public HttpSource(UriFilter filter, Duration connectTimeout, Duration idleTimeout, int maxRedirects) {
        this.filter = filter;
        this.connectTimeout = connectTimeout;
        this.idleTimeout = idleTimeout;
        this.maxRedirects = maxRedirects;
    }

    public static HttpSource from(WebDownloadConfig config) {
        return new HttpSource(new UriFilter(config.rules()), config.connectTimeout(), config.idleTimeout(),
                config.maxRedirects());
    }

    /**
     * Checks the URI, follows redirects, and returns the body of the first 2xx answer.
     *
     * @throws SourceException with a message for the task when the URI or a redirect is refused,
     *     the source cannot be reached, stalls, answers with an error status or redirects too often
     */
    public SourceStream open(String uri) throws SourceException {
        URI current = allowed(filter.check(uri), null);
        for (int hop = 0; ; hop++) {
            HttpURLConnection connection = connect(current);
            int status = status(connection, current);
            if (REDIRECTS.contains(status)) {
                String location = connection.getHeaderField("Location");
                connection.disconnect();
                if (location == null || location.isBlank()) {
                    throw new SourceException("web-download source answered " + status + " without a Location to go to");
                }
                if (hop >= maxRedirects) {
                    throw new SourceException("web-download source redirected more than " + maxRedirects + " times");
                }
                current = allowed(filter.check(resolve(current, location)), current);
                continue;
            }
            if (status < 200 || status > 299) {
                String reason = reason(connection, status);
                connection.disconnect();
                throw new SourceException("web-download source answered " + status + (reason.isEmpty() ? "" : " " + reason));
            }
            long length = connection.getContentLengthLong();
            InputStream body;
            try {
                body = connection.getInputStream();
            } catch (IOException e) {
                connection.disconnect();
                throw failure(current, e);
            }
            return new SourceStream(new StallReportingStream(body, connection, current, length),
                    length >= 0 ? OptionalLong.of(length) : OptionalLong.empty(), current);
        }
    }

    private static URI allowed(UriDecision decision, URI redirectedFrom) throws SourceException {
        if (!decision.allowed()) {
            throw new SourceException(redirectedFrom == null ? decision.reason()
                    : "web-download source redirected to a URI that is refused: " + decision.reason());
        }
        String scheme = decision.uri().getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            // The filter may allow other schemes (Glance lets operators list ftp); this source cannot.
            throw new SourceException("web-download supports http and https URIs; " + scheme + " is not supported");
        }
        return decision.uri();
    }

    private String resolve(URI base, String location) throws SourceException {
        try {
            return base.resolve(new URI(location.trim())).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new SourceException("web-download source redirected to an invalid URI");
        }
    }

    private HttpURLConnection connect(URI uri) throws SourceException {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(millis(connectTimeout));
            connection.setReadTimeout(millis(idleTimeout));
            connection.setUseCaches(false);
            connection.setRequestProperty("Accept", "*/*");
            connection.setRequestProperty("User-Agent", "glint-import-worker");
            connection.connect();
            return connection;
        } catch (IOException | IllegalArgumentException e) {
            throw failure(uri, e);
        }
    }

    private int status(HttpURLConnection connection, URI uri) throws SourceException {
        try {
            return connection.getResponseCode();
        } catch (IOException e) {
            connection.disconnect();
            throw failure(uri, e);
        }
    }

    private static String reason(HttpURLConnection connection, int status) {
        String message = null;
        try {
            message = connection.getResponseMessage();
        } catch (IOException ignored) {
            // The status line was read already; only its text is missing then.
        }
        if (message == null || message.isBlank()) {
            message = REASONS.getOrDefault(status, "");
        }
        return message.trim();
    }

    private SourceException failure(URI uri, Exception e) {
        String where = where(uri);
        if (e instanceof SocketTimeoutException && e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("connect")) {
            return new SourceException("web-download source " + where + " did not accept a connection within "
                    + seconds(connectTimeout), e);
        }
        if (e instanceof SocketTimeoutException) {
            return stalled(where, idleTimeout, e);
        }
        if (e instanceof java.net.ConnectException || e instanceof java.net.UnknownHostException
                || e instanceof java.net.NoRouteToHostException) {
            return new SourceException("web-download source " + where + " could not be reached: " + e.getMessage(), e);
        }
        return new SourceException("web-download source " + where + " failed: " + e.getMessage(), e);
    }

    static SourceException stalled(String where, Duration idleTimeout, Exception cause) {
        return new SourceException("web-download source " + where + " sent no data for " + seconds(idleTimeout), cause);
    }

    /** host:port, never the path or query, which may hold credentials (signed URLs). */
    static String where(URI uri) {
        return uri.getHost() + ":" + UriFilter.effectivePort(uri);
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    /**
     * The body; turns the socket's read timeout into the stall message, a body shorter than its
     * Content-Length into an error (instead of a silently truncated image), and closing into a
     * disconnect, so an abandoned download frees its connection at once.
     */
    private final class StallReportingStream extends ReadThroughStream {
        private final HttpURLConnection connection;
        private final String where;
        private final long declaredLength;
        private long received;

        StallReportingStream(InputStream in, HttpURLConnection connection, URI uri, long declaredLength) {
            super(in);
            this.connection = connection;
            this.where = where(uri);
            this.declaredLength = declaredLength;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw stalled(where, idleTimeout, e);
            } catch (SourceException e) {
                throw e;
            } catch (IOException e) {
                throw new SourceException("web-download source " + where + " broke off after " + received
                        + " bytes: " + e.getMessage(), e);
            }
            if (n > 0) {
                received += n;
            } else if (n < 0 && declaredLength >= 0 && received < declaredLength) {
                throw new SourceException("web-download source " + where + " ended the data after " + received
                        + " of " + declaredLength + " bytes");
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                connection.disconnect();
            }
        }
    }
}
