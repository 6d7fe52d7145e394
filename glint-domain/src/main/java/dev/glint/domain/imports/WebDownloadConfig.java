package dev.glint.domain.imports;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The web-download settings ({@code glint.import.web-download.*}): Glance's
 * {@code [import_filtering_opts]} under the same names, plus the private-network guard and the
 * download's timeouts.
 *
 * <p>An allowed list wins over its disallowed list, as in Glance. Because an empty value in a
 * Quarkus config means "use the default", an allowed list is switched off with {@value #ANY}
 * (e.g. {@code allowed-ports=*} and {@code disallowed-ports=22,25}).
 */
@ConfigMapping(prefix = WebDownloadRules.CONFIG_PREFIX)
public interface WebDownloadConfig {

    /** In an allowed list: no allow-list, so the matching disallowed list applies. */
    String ANY = "*";

    /** Glance's {@code allowed_schemes}. */
    @WithDefault("http,https")
    List<String> allowedSchemes();

    /** Glance's {@code disallowed_schemes}; only used when {@code allowed-schemes=*}. */
    Optional<List<String>> disallowedSchemes();

    /** Glance's {@code allowed_hosts}: host names or IP addresses, as written in URIs. */
    Optional<List<String>> allowedHosts();

    /** Glance's {@code disallowed_hosts}; only used when no allowed hosts are set. */
    Optional<List<String>> disallowedHosts();

    /** Glance's {@code allowed_ports}; checked against the URI's port or its scheme's default. */
    @WithDefault("80,443")
    List<String> allowedPorts();

    /** Glance's {@code disallowed_ports}; only used when {@code allowed-ports=*}. */
    Optional<List<Integer>> disallowedPorts();

    /**
     * Refuse hosts that are or resolve to loopback, link-local, private (RFC 1918, fc00::/7),
     * unspecified, multicast or CGNAT addresses. Turn off only to import from an internal mirror,
     * and then name it in {@code allowed-hosts}.
     */
    @WithDefault("true")
    boolean denyPrivateNetworks();

    /** How long to wait for the source to accept the connection. */
    @WithDefault("10s")
    Duration connectTimeout();

    /** A source that sends nothing (headers or data) for this long fails the download. */
    @WithDefault("30s")
    Duration idleTimeout();

    /** Redirects followed, each checked by the filter again. */
    @WithDefault("5")
    int maxRedirects();

    /** The filter's rules from these settings. */
    default WebDownloadRules rules() {
        return new WebDownloadRules(
                orAny(allowedSchemes()),
                Set.copyOf(disallowedSchemes().orElse(List.of())),
                Set.copyOf(allowedHosts().orElse(List.of())),
                Set.copyOf(disallowedHosts().orElse(List.of())),
                ports(allowedPorts()),
                Set.copyOf(disallowedPorts().orElse(List.of())),
                denyPrivateNetworks());
    }

    private static Set<String> orAny(List<String> values) {
        return values.contains(ANY) ? Set.of() : Set.copyOf(values);
    }

    private static Set<Integer> ports(List<String> values) {
        Set<Integer> out = new LinkedHashSet<>();
        for (String v : orAny(values)) {
            try {
                out.add(Integer.valueOf(v.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(WebDownloadRules.KEY_ALLOWED_PORTS + " holds " + v
                        + ", which is neither a port number nor " + ANY, e);
            }
        }
        return out;
    }
}
