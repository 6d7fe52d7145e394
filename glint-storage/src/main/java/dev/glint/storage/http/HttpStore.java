package dev.glint.storage.http;

import dev.glint.domain.imports.UriDecision;
import dev.glint.domain.imports.UriFilter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Glance's read-only {@code http} store: image data that an external location names by an http(s)
 * URL. Glint only reads it, a HEAD for its size and a GET (with a byte range when only part is
 * wanted) for a download; nothing ever writes or removes data there.
 *
 * <p>Every URL, and every redirect, must pass the operator's URI filter (the web-download filter,
 * {@code glint.import.web-download.*}), so an image location cannot make Glint fetch from a network
 * the operator closed to web-download. No proxy is used, so the address the filter checked is the
 * one connected to, and no Accept-Encoding is sent, so the bytes are the image's as served.
 */
public final class HttpStore {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final UriFilter filter;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final int maxRedirects;

    public HttpStore(UriFilter filter, Duration connectTimeout, Duration idleTimeout, int maxRedirects) {
        this.filter = filter;
        this.connectTimeout = connectTimeout;
        this.idleTimeout = idleTimeout;
        this.maxRedirects = maxRedirects;
    }

    /** Whether the URL is one this store reads (its scheme is http or https). */
    public static boolean handles(String url) {
        int colon = url == null ? -1 : url.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https");
    }

    /**
     * The size of the data at {@code url}, from the Content-Length of a HEAD request (after
     * redirects); 0 when the server does not say.
     */
    public long size(String url) {
        HttpURLConnection connection = connect(url, "HEAD", null);
        try {
            return Math.max(0, connection.getContentLengthLong());
        } finally {
            connection.disconnect();
        }
    }

    /**
     * Opens {@code length} bytes from {@code offset} of the data at {@code url}. A byte range is
     * asked for when it is not the whole; a server that ignores it and sends everything is read
     * past the offset and cut at the length, so the caller always gets exactly what it asked for.
     */
    public InputStream open(String url, long offset, long length) {
        boolean partial = offset > 0 || length >= 0;
        String range = partial ? "bytes=" + offset + "-" + (length >= 0 ? String.valueOf(offset + length - 1) : "") : null;
        HttpURLConnection connection = connect(url, "GET", range);
        try {
            InputStream body = connection.getInputStream();
            long skip = connection.getResponseCode() == 206 ? 0 : offset;
            return new Window(body, connection, skip, length);
        } catch (IOException e) {
            connection.disconnect();
            throw new HttpStoreException(HttpStoreException.Reason.UNAVAILABLE,
                    "Could not read " + safe(url) + ": " + describe(e), e);
        }
    }

    /** Opens the whole data at {@code url}. */
    public InputStream open(String url) {
        return open(url, 0, -1);
    }

    private HttpURLConnection connect(String url, String method, String range) {
        URI current = allowed(url, null);
        for (int hop = 0; ; hop++) {
            HttpURLConnection connection = open(current, method, range);
            int status;
            try {
                status = connection.getResponseCode();
            } catch (IOException e) {
                connection.disconnect();
                throw new HttpStoreException(HttpStoreException.Reason.UNAVAILABLE,
                        "The server of " + safe(current.toString()) + " could not be reached: " + describe(e), e);
            }
            if (status >= 200 && status < 300) {
                return connection;
            }
            connection.disconnect();
            if (status == 404 || status == 410) {
                throw new HttpStoreException(HttpStoreException.Reason.NOT_FOUND,
                        safe(current.toString()) + " answered " + status + ": no image data there", null);
            }
            if (!REDIRECTS.contains(status)) {
                throw new HttpStoreException(HttpStoreException.Reason.UNAVAILABLE,
                        safe(current.toString()) + " answered " + status, null);
            }
            String target = connection.getHeaderField("Location");
            if (target == null || target.isBlank() || hop >= maxRedirects) {
                throw new HttpStoreException(HttpStoreException.Reason.UNAVAILABLE, safe(current.toString())
                        + (target == null || target.isBlank() ? " redirected without a Location"
                                : " redirected more than " + maxRedirects + " times"), null);
            }
            current = allowed(resolve(current, target), current);
        }
    }

    private URI allowed(String url, URI redirectedFrom) {
        if (!handles(url)) {
            throw new HttpStoreException(HttpStoreException.Reason.REFUSED,
                    "The http store reads http and https URLs only", null);
        }
        UriDecision decision = filter.check(url);
        if (!decision.allowed()) {
            throw new HttpStoreException(HttpStoreException.Reason.REFUSED, (redirectedFrom == null ? ""
                    : safe(redirectedFrom.toString()) + " redirected to a URL that is refused: ") + decision.reason(),
                    null);
        }
        return decision.uri();
    }

    private static String resolve(URI base, String location) {
        try {
            return base.resolve(new URI(location.trim())).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new HttpStoreException(HttpStoreException.Reason.UNAVAILABLE,
                    safe(base.toString()) + " redirected to an invalid URL", e);
        }
    }

    private HttpURLConnection open(URI uri, String method, String range) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            connection.setInstanceFollowRedirects(false);
            connection.setRequestMethod(method);
            connection.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
            connection.setUseCaches(false);
            if (range != null) {
                connection.setRequestProperty("Range", range);
            }
            return connection;
        } catch (IOException | IllegalArgumentException e) {
            throw new HttpStoreException(HttpStoreException.Reason.REFUSED, "Not a URL the http store can read: "
                    + describe(e), e);
        }
    }

    /** The URL without user information, for messages and logs. */
    static String safe(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getRawUserInfo() == null) {
                return url;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getRawPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return "the location's URL";
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The body from {@code skip} bytes on, at most {@code length} bytes (all when negative); closing disconnects. */
    private static final class Window extends FilterInputStream {

        private final HttpURLConnection connection;
        private long toSkip;
        private long remaining;

        Window(InputStream body, HttpURLConnection connection, long skip, long length) {
            super(body);
            this.connection = connection;
            this.toSkip = skip;
            this.remaining = length < 0 ? Long.MAX_VALUE : length;
        }

        private void skipAhead() throws IOException {
            while (toSkip > 0) {
                long skipped = in.skip(toSkip);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("The http location ended before the requested range");
                    }
                    skipped = 1;
                }
                toSkip -= skipped;
            }
        }

        @Override
        public int read() throws IOException {
            skipAhead();
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            skipAhead();
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            skipAhead();
            long skipped = in.skip(Math.min(n, remaining));
            remaining -= Math.max(0, skipped);
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return toSkip > 0 ? 0 : (int) Math.min(in.available(), remaining);
        }

        @Override
        public boolean markSupported() {
            return false;
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
