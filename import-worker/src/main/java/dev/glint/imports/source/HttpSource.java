package dev.glint.imports.source;

import dev.glint.domain.imports.UriDecision;
import dev.glint.domain.imports.UriFilter;
import dev.glint.domain.imports.WebDownloadConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Opens a web-download URI and hands its body over as a stream, never holding the image.
 *
 * <p>Every hop is checked by the {@link UriFilter} before it is fetched, the first URI and every
 * redirect target, and the connection goes to the addresses the filter checked and to no others:
 * the client's name resolution is pinned to the decision's addresses ({@link UriDecision#addresses()}),
 * so a name that answers with a public address for the check and with 127.0.0.1 a moment later
 * (DNS rebinding) is connected to the public one. A name the filter did not resolve (private
 * networks allowed) is resolved once, and that answer is used. TLS still verifies the name.
 *
 * <p>OkHttp: its socket read timeout is exactly the idle timeout wanted here (the longest wait for
 * the next bytes, headers or body), and its {@code Dns} hook is where the pinning happens.
 * Redirects are followed by hand; no proxy is used; {@code Accept-Encoding: identity} is sent, so
 * the bytes are the image's as the source stores them (and the client decompresses nothing).
 */
public final class HttpSource {

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(410, "Gone"), Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private final String label;
    private final UriFilter filter;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final int maxRedirects;
    private final OkHttpClient client;

    public HttpSource(UriFilter filter, Duration connectTimeout, Duration idleTimeout, int maxRedirects) {
        this(filter, connectTimeout, idleTimeout, maxRedirects, SocketFactory.getDefault());
    }

    /** {@code sockets} makes the connections: the network, which tests replace with a double. */
    HttpSource(UriFilter filter, Duration connectTimeout, Duration idleTimeout, int maxRedirects, SocketFactory sockets) {
        this("web-download", filter, connectTimeout, idleTimeout, maxRedirects, sockets);
    }

    /** {@code label} names the import method in the messages (they end up in the task's message). */
    private HttpSource(String label, UriFilter filter, Duration connectTimeout, Duration idleTimeout, int maxRedirects,
            SocketFactory sockets) {
        this.label = label;
        this.filter = filter;
        this.connectTimeout = connectTimeout;
        this.idleTimeout = idleTimeout;
        this.maxRedirects = maxRedirects;
        this.client = new OkHttpClient.Builder()
                .proxy(Proxy.NO_PROXY)
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .writeTimeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .socketFactory(sockets)
                // One download, one connection: nothing is kept for another hop or download.
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .build();
    }

    public static HttpSource from(WebDownloadConfig config) {
        return new HttpSource(new UriFilter(config.rules()), config.connectTimeout(), config.idleTimeout(),
                config.maxRedirects());
    }

    /** The same source (filter, timeouts), naming {@code method} in its messages. */
    public HttpSource labelled(String method) {
        return new HttpSource(method, filter, connectTimeout, idleTimeout, maxRedirects, client.socketFactory());
    }

    /**
     * Checks the URI, follows redirects, and returns the body of the first 2xx answer.
     *
     * @throws SourceException with a message for the task when the URI or a redirect is refused,
     *     the source cannot be reached, stalls, answers with an error status or redirects too often
     */
    public SourceStream open(String uri) throws SourceException {
        return open(uri, Map.of());
    }

    /**
     * As {@link #open(String)}, sending {@code headers} as well, but only to the first URI's origin
     * (scheme, host and port): they may hold a credential (a token), which a redirect to another
     * host must not carry away.
     */
    public SourceStream open(String uri, Map<String, String> headers) throws SourceException {
        UriDecision current = allowed(filter.check(uri), null);
        URI origin = current.uri();
        for (int hop = 0; ; hop++) {
            Response response = fetch(current, sameOrigin(origin, current.uri()) ? headers : Map.of());
            int status = response.code();
            if (REDIRECTS.contains(status)) {
                String location = response.header("Location");
                response.close();
                if (location == null || location.isBlank()) {
                    throw new SourceException(label + " source answered " + status + " without a Location to go to");
                }
                if (hop >= maxRedirects) {
                    throw new SourceException(label + " source redirected more than " + maxRedirects + " times");
                }
                current = allowed(filter.check(resolve(current.uri(), location)), current.uri());
                continue;
            }
            if (status < 200 || status > 299) {
                String reason = reason(response, status);
                response.close();
                throw new SourceException(label + " source answered " + status + (reason.isEmpty() ? "" : " " + reason));
            }
            ResponseBody body = response.body();
            long length = body.contentLength();
            return new SourceStream(new StallReportingStream(body.byteStream(), response, current.uri(), length),
                    length >= 0 ? OptionalLong.of(length) : OptionalLong.empty(), current.uri());
        }
    }

    private UriDecision allowed(UriDecision decision, URI redirectedFrom) throws SourceException {
        if (!decision.allowed()) {
            throw new SourceException(redirectedFrom == null ? decision.reason()
                    : label + " source redirected to a URI that is refused: " + decision.reason());
        }
        String scheme = decision.uri().getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            // The filter may allow other schemes (Glance lets operators list ftp); this source cannot.
            throw new SourceException(label + " supports http and https URIs; " + scheme + " is not supported");
        }
        return decision;
    }

    private String resolve(URI base, String location) throws SourceException {
        try {
            return base.resolve(new URI(location.trim())).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new SourceException(label + " source redirected to an invalid URI");
        }
    }

    private static boolean sameOrigin(URI first, URI now) {
        return first.getScheme().equalsIgnoreCase(now.getScheme()) && first.getHost().equalsIgnoreCase(now.getHost())
                && UriFilter.effectivePort(first) == UriFilter.effectivePort(now);
    }

    /** One request, on a connection to the decision's addresses. */
    private Response fetch(UriDecision decision, Map<String, String> headers) throws SourceException {
        URI uri = decision.uri();
        HttpUrl url = HttpUrl.parse(uri.toString());
        if (url == null) {
            throw new SourceException(label + " URI cannot be fetched over HTTP: " + where(uri));
        }
        List<InetAddress> addresses = pinned(decision, url.host());
        String host = url.host();
        OkHttpClient pinned = client.newBuilder().dns(name -> {
            // OkHttp asks only for the URL's own host (never for a literal address).
            if (!name.equalsIgnoreCase(host)) {
                throw new UnknownHostException(name + " is not the host that was checked");
            }
            return addresses;
        }).build();
        Request.Builder request = new Request.Builder().url(url).get()
                .header("Accept", "*/*")
                .header("Accept-Encoding", "identity")
                .header("User-Agent", "glint-import-worker");
        headers.forEach(request::header);
        try {
            return pinned.newCall(request.build()).execute();
        } catch (IOException e) {
            throw failure(uri, e);
        }
    }

    /** The addresses to connect to: those the filter checked, else the name resolved once, here. */
    private List<InetAddress> pinned(UriDecision decision, String host) throws SourceException {
        if (!decision.addresses().isEmpty()) {
            return decision.addresses();
        }
        try {
            return filter.resolver().resolve(host);
        } catch (UnknownHostException e) {
            throw new SourceException(label + " source " + where(decision.uri()) + " could not be reached: "
                    + host + " could not be resolved", e);
        }
    }

    private static String reason(Response response, int status) {
        String message = response.message();
        if (message == null || message.isBlank()) {
            message = REASONS.getOrDefault(status, "");
        }
        return message.trim();
    }

    private SourceException failure(URI uri, Exception e) {
        String where = where(uri);
        if (e instanceof SocketTimeoutException && e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("connect")) {
            return new SourceException(label + " source " + where + " did not accept a connection within "
                    + seconds(connectTimeout), e);
        }
        if (e instanceof SocketTimeoutException) {
            return stalled(where, idleTimeout, e);
        }
        if (e instanceof java.net.ConnectException || e instanceof java.net.UnknownHostException
                || e instanceof java.net.NoRouteToHostException) {
            return new SourceException(label + " source " + where + " could not be reached: " + e.getMessage(), e);
        }
        return new SourceException(label + " source " + where + " failed: " + e.getMessage(), e);
    }

    private SourceException stalled(String where, Duration idleTimeout, Exception cause) {
        return new SourceException(label + " source " + where + " sent no data for " + seconds(idleTimeout), cause);
    }

    /** host:port, never the path or query, which may hold credentials (signed URLs). */
    static String where(URI uri) {
        return uri.getHost() + ":" + UriFilter.effectivePort(uri);
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * The body; turns the socket's read timeout into the stall message, a body shorter than its
     * Content-Length into an error (instead of a silently truncated image), and closing into
     * closing the response, so an abandoned download frees its connection at once.
     */
    private final class StallReportingStream extends ReadThroughStream {
        private final Response response;
        private final String where;
        private final long declaredLength;
        private long received;

        StallReportingStream(InputStream in, Response response, URI uri, long declaredLength) {
            super(in);
            this.response = response;
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
            } catch (ProtocolException e) {
                // OkHttp's word for a body that ended before its Content-Length.
                throw ended(e);
            } catch (IOException e) {
                throw new SourceException(label + " source " + where + " broke off after " + received
                        + " bytes: " + e.getMessage(), e);
            }
            if (n > 0) {
                received += n;
            } else if (n < 0 && declaredLength >= 0 && received < declaredLength) {
                throw ended(null);
            }
            return n;
        }

        private SourceException ended(Exception cause) {
            return new SourceException(label + " source " + where + " ended the data after " + received
                    + " of " + declaredLength + " bytes", cause);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                response.close();
            }
        }
    }
}
