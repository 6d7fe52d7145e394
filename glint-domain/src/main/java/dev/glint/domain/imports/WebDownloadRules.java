package dev.glint.domain.imports;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which URIs the web-download import method may fetch, as Glance's {@code [import_filtering_opts]}.
 *
 * <p>For each of schemes, hosts and ports: a non-empty allowed set is the only thing consulted (the
 * disallowed set is ignored, as in Glance); an empty allowed set means the disallowed set applies.
 * On top of that, {@link #denyPrivateNetworks} refuses every host that is, or resolves to, a
 * loopback, link-local, private, unspecified, multicast or shared (CGNAT) address, because a
 * web-download is a request the service makes on a user's behalf from inside the cloud's network.
 *
 * <p>Hosts are compared in normalised form: lower case, without a trailing dot, IPv6 literals
 * without brackets and compressed ({@code ::1}). Schemes are lower case.
 */
public record WebDownloadRules(
        Set<String> allowedSchemes,
        Set<String> disallowedSchemes,
        Set<String> allowedHosts,
        Set<String> disallowedHosts,
        Set<Integer> allowedPorts,
        Set<Integer> disallowedPorts,
        boolean denyPrivateNetworks) {

    /** The config keys (see the import-worker's {@code WebDownloadConfig}), named in refusals. */
    public static final String CONFIG_PREFIX = "glint.import.web-download";
    public static final String KEY_ALLOWED_SCHEMES = CONFIG_PREFIX + ".allowed-schemes";
    public static final String KEY_DISALLOWED_SCHEMES = CONFIG_PREFIX + ".disallowed-schemes";
    public static final String KEY_ALLOWED_HOSTS = CONFIG_PREFIX + ".allowed-hosts";
    public static final String KEY_DISALLOWED_HOSTS = CONFIG_PREFIX + ".disallowed-hosts";
    public static final String KEY_ALLOWED_PORTS = CONFIG_PREFIX + ".allowed-ports";
    public static final String KEY_DISALLOWED_PORTS = CONFIG_PREFIX + ".disallowed-ports";
    public static final String KEY_DENY_PRIVATE_NETWORKS = CONFIG_PREFIX + ".deny-private-networks";

    /** Glance's defaults: http and https on ports 80 and 443; plus private networks denied. */
    public static final Set<String> DEFAULT_ALLOWED_SCHEMES = Set.of("http", "https");
    public static final Set<Integer> DEFAULT_ALLOWED_PORTS = Set.of(80, 443);

    public WebDownloadRules {
        allowedSchemes = schemes(allowedSchemes);
        disallowedSchemes = schemes(disallowedSchemes);
        allowedHosts = hosts(allowedHosts);
        disallowedHosts = hosts(disallowedHosts);
        allowedPorts = ports(allowedPorts);
        disallowedPorts = ports(disallowedPorts);
    }

    /** Glance's defaults with private networks denied. */
    public static WebDownloadRules defaults() {
        return new WebDownloadRules(DEFAULT_ALLOWED_SCHEMES, Set.of(), Set.of(), Set.of(),
                DEFAULT_ALLOWED_PORTS, Set.of(), true);
    }

    public WebDownloadRules withAllowedSchemes(Collection<String> schemes) {
        return new WebDownloadRules(Set.copyOf(schemes), disallowedSchemes, allowedHosts,
                disallowedHosts, allowedPorts, disallowedPorts, denyPrivateNetworks);
    }

    public WebDownloadRules withDisallowedSchemes(Collection<String> schemes) {
        return new WebDownloadRules(allowedSchemes, Set.copyOf(schemes), allowedHosts,
                disallowedHosts, allowedPorts, disallowedPorts, denyPrivateNetworks);
    }

    public WebDownloadRules withAllowedHosts(Collection<String> hosts) {
        return new WebDownloadRules(allowedSchemes, disallowedSchemes, Set.copyOf(hosts),
                disallowedHosts, allowedPorts, disallowedPorts, denyPrivateNetworks);
    }

    public WebDownloadRules withDisallowedHosts(Collection<String> hosts) {
        return new WebDownloadRules(allowedSchemes, disallowedSchemes, allowedHosts,
                Set.copyOf(hosts), allowedPorts, disallowedPorts, denyPrivateNetworks);
    }

    public WebDownloadRules withAllowedPorts(Collection<Integer> ports) {
        return new WebDownloadRules(allowedSchemes, disallowedSchemes, allowedHosts,
                disallowedHosts, Set.copyOf(ports), disallowedPorts, denyPrivateNetworks);
    }

    public WebDownloadRules withDisallowedPorts(Collection<Integer> ports) {
        return new WebDownloadRules(allowedSchemes, disallowedSchemes, allowedHosts,
                disallowedHosts, allowedPorts, Set.copyOf(ports), denyPrivateNetworks);
    }

    public WebDownloadRules withDenyPrivateNetworks(boolean deny) {
        return new WebDownloadRules(allowedSchemes, disallowedSchemes, allowedHosts,
                disallowedHosts, allowedPorts, disallowedPorts, deny);
    }

    /** The form in which hosts are compared: lower case, no trailing dot, IPv6 without brackets. */
    public static String normalizeHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.indexOf(':') >= 0) {
            // An IPv6 literal can be written in many ways (::1, 0:0::1, ...); compare one of them.
            h = IpLiterals.parseIpv6(h).map(IpLiterals::format).orElse(h);
        }
        return h;
    }

    private static Set<String> schemes(Set<String> in) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : nonNull(in)) {
            if (!s.isBlank()) {
                out.add(s.trim().toLowerCase(Locale.ROOT));
            }
        }
        return Set.copyOf(out);
    }

    private static Set<String> hosts(Set<String> in) {
        Set<String> out = new LinkedHashSet<>();
        for (String h : nonNull(in)) {
            if (!h.isBlank()) {
                out.add(normalizeHost(h));
            }
        }
        return Set.copyOf(out);
    }

    private static Set<Integer> ports(Set<Integer> in) {
        for (Integer p : nonNull(in)) {
            if (p == null || p < 1 || p > 65535) {
                throw new IllegalArgumentException("web-download port " + p + " is not in 1..65535");
            }
        }
        return Set.copyOf(nonNull(in));
    }

    private static <T> Set<T> nonNull(Set<T> in) {
        return in == null ? Set.of() : in;
    }
}
