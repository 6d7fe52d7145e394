package dev.glint.domain.imports;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether the web-download import may fetch a URI, following Glance's
 * {@code validate_import_uri}: scheme, then host, then port, each by its allowed list when that
 * is set and by its disallowed list otherwise; then, with {@code denyPrivateNetworks}, the host's
 * addresses. A host name is resolved and every address it resolves to must be public, so a name
 * that points at 127.0.0.1 is refused as surely as the literal.
 *
 * <p>Two deliberate differences from Glance. The port checked is the effective one (the scheme's
 * default when the URI names none), so {@code allowed-ports} really confines where downloads go;
 * with the default lists (http/https, 80/443) this accepts exactly what Glance accepts. And hosts
 * that only a lenient resolver reads as addresses ({@code 127.1}, {@code 2130706433},
 * {@code 0x7f000001}) are refused, as Glance's normalisation does, so they cannot bypass a host list.
 *
 * <p>The check is only as good as the connection that follows it: a fetcher must check every
 * redirect target again, and connect to the addresses the decision names
 * ({@link UriDecision#addresses()}), never resolve the name again: a name that answers with a
 * public address for the check and with 127.0.0.1 for the connection (DNS rebinding) would
 * otherwise reach what the check refused.
 */
public final class UriFilter {

    private static final Map<String, Integer> DEFAULT_PORTS = Map.of("http", 80, "https", 443, "ftp", 21);
    private static final String PRIVATE_DENIED = "imports from private networks are disabled ("
            + WebDownloadRules.KEY_DENY_PRIVATE_NETWORKS + ")";

    private final WebDownloadRules rules;
    private final HostResolver resolver;

    public UriFilter(WebDownloadRules rules) {
        this(rules, HostResolver.SYSTEM);
    }

    public UriFilter(WebDownloadRules rules, HostResolver resolver) {
        this.rules = rules;
        this.resolver = resolver;
    }

    public WebDownloadRules rules() {
        return rules;
    }

    /** The resolver the filter asks; a fetcher that must resolve a name the filter did not check uses it too. */
    public HostResolver resolver() {
        return resolver;
    }

    public UriDecision check(String uri) {
        if (uri == null || uri.isBlank()) {
            return UriDecision.refuse(null, "web-download URI is missing");
        }
        URI parsed;
        try {
            parsed = new URI(uri.trim());
        } catch (URISyntaxException e) {
            return UriDecision.refuse(null, "web-download URI is not a valid URI: " + e.getReason());
        }
        return check(parsed);
    }

    public UriDecision check(URI uri) {
        Optional<String> refusal = checkScheme(uri)
                .or(() -> checkHost(uri))
                .or(() -> checkPort(uri));
        if (refusal.isPresent()) {
            return UriDecision.refuse(uri, refusal.get());
        }
        List<InetAddress> checked = new java.util.ArrayList<>();
        return checkAddresses(uri, checked).map(reason -> UriDecision.refuse(uri, reason))
                .orElseGet(() -> UriDecision.allow(uri, checked));
    }

    private Optional<String> checkScheme(URI uri) {
        if (uri.getScheme() == null) {
            return Optional.of("web-download URI has no scheme; it must be absolute, like https://host/path");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!rules.allowedSchemes().isEmpty()) {
            if (!rules.allowedSchemes().contains(scheme)) {
                return Optional.of("web-download URI scheme " + scheme + " is not allowed ("
                        + WebDownloadRules.KEY_ALLOWED_SCHEMES + ": " + sorted(rules.allowedSchemes()) + ")");
            }
        } else if (rules.disallowedSchemes().contains(scheme)) {
            return Optional.of("web-download URI scheme " + scheme + " is disallowed ("
                    + WebDownloadRules.KEY_DISALLOWED_SCHEMES + ")");
        }
        return Optional.empty();
    }

    private Optional<String> checkHost(URI uri) {
        String raw = uri.getHost();
        if (raw == null || raw.isBlank()) {
            // java.net.URI gives no host for names it cannot read as one (an underscore, or a
            // number like 127.1 that is no IPv4 address); say what was written.
            String written = writtenHost(uri);
            if (written.isEmpty()) {
                return Optional.of("web-download URI has no host name that can be used");
            }
            return Optional.of(IpLiterals.isNumericDisguise(WebDownloadRules.normalizeHost(written))
                    ? numericDisguise(WebDownloadRules.normalizeHost(written))
                    : "web-download URI has no host name that can be used (" + written + ")");
        }
        String host = WebDownloadRules.normalizeHost(raw);
        if (IpLiterals.parse(host).isEmpty() && IpLiterals.isNumericDisguise(host)) {
            return Optional.of(numericDisguise(host));
        }
        if (!rules.allowedHosts().isEmpty()) {
            if (!rules.allowedHosts().contains(host)) {
                return Optional.of("web-download URI host " + host + " is not allowed ("
                        + WebDownloadRules.KEY_ALLOWED_HOSTS + ")");
            }
        } else if (rules.disallowedHosts().contains(host)) {
            return Optional.of("web-download URI host " + host + " is disallowed ("
                    + WebDownloadRules.KEY_DISALLOWED_HOSTS + ")");
        }
        return Optional.empty();
    }

    private Optional<String> checkPort(URI uri) {
        int port = effectivePort(uri);
        if (port < 0) {
            // No port written and no default known for the scheme: only an allow-list can object.
            return rules.allowedPorts().isEmpty() ? Optional.empty()
                    : Optional.of("web-download URI names no port and scheme " + uri.getScheme()
                            + " has no default port, so it cannot be checked against "
                            + WebDownloadRules.KEY_ALLOWED_PORTS);
        }
        if (!rules.allowedPorts().isEmpty()) {
            if (!rules.allowedPorts().contains(port)) {
                return Optional.of("web-download URI port " + port + " is not allowed ("
                        + WebDownloadRules.KEY_ALLOWED_PORTS + ": " + sorted(rules.allowedPorts()) + ")");
            }
        } else if (rules.disallowedPorts().contains(port)) {
            return Optional.of("web-download URI port " + port + " is disallowed ("
                    + WebDownloadRules.KEY_DISALLOWED_PORTS + ")");
        }
        return Optional.empty();
    }

    /** Checks the host's addresses, adding those of a name, all of them public, to {@code checked}. */
    private Optional<String> checkAddresses(URI uri, List<InetAddress> checked) {
        if (!rules.denyPrivateNetworks()) {
            return Optional.empty();
        }
        String host = WebDownloadRules.normalizeHost(uri.getHost());
        Optional<InetAddress> literal = IpLiterals.parse(host);
        if (literal.isPresent()) {
            return PrivateNetworks.describe(literal.get())
                    .map(kind -> "web-download URI host " + host + " is " + kind + "; " + PRIVATE_DENIED);
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("web-download URI host " + host + " could not be resolved");
        }
        if (addresses.isEmpty()) {
            return Optional.of("web-download URI host " + host + " could not be resolved");
        }
        // Every address counts: a client may connect to any of them.
        for (InetAddress address : addresses) {
            Optional<String> kind = PrivateNetworks.describe(address);
            if (kind.isPresent()) {
                return Optional.of("web-download URI host " + host + " resolves to " + IpLiterals.format(address)
                        + ", " + kind.get() + "; " + PRIVATE_DENIED);
            }
        }
        checked.addAll(addresses);
        return Optional.empty();
    }

    private static String numericDisguise(String host) {
        return "web-download URI host " + host
                + " is not a canonical IP address nor a host name; write IPv4 addresses as four decimal numbers";
    }

    /** The host as written in the authority, without user info and port; "" when there is none. */
    private static String writtenHost(URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return "";
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && hostPort.indexOf(']') < colon) {
            hostPort = hostPort.substring(0, colon);
        }
        return hostPort;
    }

    /** The port a client connects to: the URI's, else the scheme's default, else -1. */
    public static int effectivePort(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return DEFAULT_PORTS.getOrDefault(scheme, -1);
    }

    private static <T extends Comparable<T>> String sorted(Set<T> values) {
        return String.join(", ", new TreeSet<>(values).stream().map(String::valueOf).toList());
    }
}
