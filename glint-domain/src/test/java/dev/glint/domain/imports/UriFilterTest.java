package dev.glint.domain.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The web-download URI filter, with a fake DNS so names can point anywhere without a network. */
class UriFilterTest {

    /** Names used below and what they resolve to; any other name is unknown. */
    private static final Map<String, List<String>> DNS = new HashMap<>();

    static {
        DNS.put("images.example.com", List.of("93.184.216.34"));
        DNS.put("mirror.example.org", List.of("198.51.100.7", "2001:db8::7"));
        DNS.put("sneaky.example.com", List.of("127.0.0.1"));
        DNS.put("half-private.example.com", List.of("93.184.216.34", "10.1.2.3"));
        DNS.put("v6-private.example.com", List.of("fd00::1"));
        DNS.put("metadata.example.com", List.of("169.254.169.254"));
        DNS.put("empty.example.com", List.of());
    }

    private final List<String> lookups = new ArrayList<>();

    private final HostResolver fakeDns = host -> {
        lookups.add(host);
        List<String> answers = DNS.get(host);
        if (answers == null) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> out = new ArrayList<>();
        for (String a : answers) {
            out.add(IpLiterals.parse(a).orElseThrow());
        }
        return out;
    };

    private UriDecision check(WebDownloadRules rules, String uri) {
        return new UriFilter(rules, fakeDns).check(uri);
    }

    private UriDecision check(String uri) {
        return check(WebDownloadRules.defaults(), uri);
    }

    private void assertAllowed(UriDecision decision) {
        assertTrue(decision.allowed(), () -> "refused: " + decision.reason());
    }

    private void assertRefused(UriDecision decision, String expectedReason) {
        assertFalse(decision.allowed(), "allowed, expected refusal: " + expectedReason);
        assertEquals(expectedReason, decision.reason());
    }

    // --- defaults ---------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "http://images.example.com/cirros.img",
        "https://images.example.com/cirros.img",
        "HTTPS://IMAGES.EXAMPLE.COM/cirros.img",
        "https://images.example.com:443/cirros.img",
        "http://images.example.com:80/a?b=c#d",
        "https://images.example.com./cirros.img",
        "https://mirror.example.org/x.qcow2",
        "http://93.184.216.34/x.img",
        "http://[2001:db8::1]/x.img",
        "http://user:secret@images.example.com/x.img",
    })
    void defaultsAllowPublicHttpAndHttps(String uri) {
        assertAllowed(check(uri));
    }

    @Test
    void defaultsAreGlancesListsWithPrivateNetworksDenied() {
        WebDownloadRules rules = WebDownloadRules.defaults();
        assertEquals(Set.of("http", "https"), rules.allowedSchemes());
        assertEquals(Set.of(80, 443), rules.allowedPorts());
        assertTrue(rules.disallowedSchemes().isEmpty() && rules.allowedHosts().isEmpty()
                && rules.disallowedHosts().isEmpty() && rules.disallowedPorts().isEmpty());
        assertTrue(rules.denyPrivateNetworks());
    }

    // --- schemes ----------------------------------------------------------------------------

    @Test
    void schemeOutsideTheAllowListIsRefused() {
        assertRefused(check("ftp://images.example.com/x.img"),
                "web-download URI scheme ftp is not allowed (glint.import.web-download.allowed-schemes: http, https)");
        assertRefused(check("file:///etc/passwd"),
                "web-download URI scheme file is not allowed (glint.import.web-download.allowed-schemes: http, https)");
    }

    @Test
    void allowListWinsOverTheDisallowList() {
        WebDownloadRules rules = WebDownloadRules.defaults().withDisallowedSchemes(List.of("http"));
        assertAllowed(check(rules, "http://images.example.com/x"));
    }

    @Test
    void disallowListAppliesWhenNoAllowList() {
        WebDownloadRules rules = WebDownloadRules.defaults()
                .withAllowedSchemes(List.of()).withDisallowedSchemes(List.of("HTTP"));
        assertRefused(check(rules, "http://images.example.com/x"),
                "web-download URI scheme http is disallowed (glint.import.web-download.disallowed-schemes)");
        assertAllowed(check(rules, "https://images.example.com/x"));
    }

    @Test
    void relativeOrSchemelessUriIsRefused() {
        assertRefused(check("images.example.com/x.img"),
                "web-download URI has no scheme; it must be absolute, like https://host/path");
        assertRefused(check("//images.example.com/x.img"),
                "web-download URI has no scheme; it must be absolute, like https://host/path");
    }

    @Test
    void missingOrUnparsableUriIsRefused() {
        assertRefused(check((String) null), "web-download URI is missing");
        assertRefused(check("  "), "web-download URI is missing");
        UriDecision bad = check("http://images.example.com/a b");
        assertFalse(bad.allowed());
        assertTrue(bad.reason().startsWith("web-download URI is not a valid URI: "), bad.reason());
    }

    // --- hosts ------------------------------------------------------------------------------

    @Test
    void uriWithoutUsableHostIsRefused() {
        assertRefused(check("http:///x.img"), "web-download URI has no host name that can be used");
        assertRefused(check("http://bad_host.example.com/x.img"),
                "web-download URI has no host name that can be used (bad_host.example.com)");
        assertRefused(check("http://u:p@bad_host/x.img"),
                "web-download URI has no host name that can be used (bad_host)");
    }

    @Test
    void hostAllowListIsTheOnlyListWhenSet() {
        WebDownloadRules rules = WebDownloadRules.defaults()
                .withAllowedHosts(List.of("Images.Example.com."))
                .withDisallowedHosts(List.of("images.example.com"));
        assertAllowed(check(rules, "https://images.example.com/x"));
        assertRefused(check(rules, "https://mirror.example.org/x"),
                "web-download URI host mirror.example.org is not allowed (glint.import.web-download.allowed-hosts)");
    }

    @Test
    void hostDisallowListIsCaseAndTrailingDotInsensitive() {
        WebDownloadRules rules = WebDownloadRules.defaults().withDisallowedHosts(List.of("images.example.com"));
        String reason = "web-download URI host images.example.com is disallowed (glint.import.web-download.disallowed-hosts)";
        assertRefused(check(rules, "https://IMAGES.example.com/x"), reason);
        assertRefused(check(rules, "https://images.example.com./x"), reason);
        assertAllowed(check(rules, "https://mirror.example.org/x"));
    }

    @Test
    void ipv6HostsAreComparedInCanonicalForm() {
        WebDownloadRules rules = WebDownloadRules.defaults()
                .withDisallowedHosts(List.of("[2001:DB8:0:0::1]"));
        assertRefused(check(rules, "http://[2001:db8::1]/x"),
                "web-download URI host 2001:db8::1 is disallowed (glint.import.web-download.disallowed-hosts)");
        assertRefused(check(rules, "http://[2001:0db8:0000:0000:0000:0000:0000:0001]/x"),
                "web-download URI host 2001:db8::1 is disallowed (glint.import.web-download.disallowed-hosts)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "2130706433", "0x7f000001", "0x7f.0.0.1", "017700000001", "127.0.0.01",
        "10.1", "999.1.1.1"})
    void numericHostsThatAreNoCanonicalAddressAreRefused(String host) {
        // Even with every network allowed: these would otherwise slip past a host list.
        WebDownloadRules rules = WebDownloadRules.defaults().withDenyPrivateNetworks(false)
                .withDisallowedHosts(List.of("127.0.0.1"));
        assertRefused(check(rules, "http://" + host + "/x"), "web-download URI host " + host
                + " is not a canonical IP address nor a host name; write IPv4 addresses as four decimal numbers");
    }

    @Test
    void hostNamesWithDigitsAreNoDisguise() {
        assertFalse(IpLiterals.isNumericDisguise("1and1.example.com"));
        assertFalse(IpLiterals.isNumericDisguise("10.example.com"));
        assertFalse(IpLiterals.isNumericDisguise("127.0.0.1"));
        assertTrue(IpLiterals.isNumericDisguise("a.0x10"));
    }

    // --- ports ------------------------------------------------------------------------------

    @Test
    void portOutsideTheAllowListIsRefused() {
        assertRefused(check("http://images.example.com:8080/x"),
                "web-download URI port 8080 is not allowed (glint.import.web-download.allowed-ports: 80, 443)");
        assertRefused(check("https://images.example.com:22/x"),
                "web-download URI port 22 is not allowed (glint.import.web-download.allowed-ports: 80, 443)");
    }

    @Test
    void theEffectivePortIsChecked() {
        // http on 443 and https on 80 are odd but allowed by the port list, as in Glance.
        assertAllowed(check("http://images.example.com:443/x"));
        WebDownloadRules only8443 = WebDownloadRules.defaults().withAllowedPorts(List.of(8443));
        assertAllowed(check(only8443, "https://images.example.com:8443/x"));
        // Unlike Glance, a URI without a port is checked with its scheme's default port.
        assertRefused(check(only8443, "https://images.example.com/x"),
                "web-download URI port 443 is not allowed (glint.import.web-download.allowed-ports: 8443)");
    }

    @Test
    void portDisallowListAppliesWhenNoAllowList() {
        WebDownloadRules rules = WebDownloadRules.defaults()
                .withAllowedPorts(List.of()).withDisallowedPorts(List.of(22, 80));
        assertRefused(check(rules, "http://images.example.com/x"),
                "web-download URI port 80 is disallowed (glint.import.web-download.disallowed-ports)");
        assertRefused(check(rules, "https://images.example.com:22/x"),
                "web-download URI port 22 is disallowed (glint.import.web-download.disallowed-ports)");
        assertAllowed(check(rules, "https://images.example.com:8443/x"));
    }

    @Test
    void portAllowListWinsOverTheDisallowList() {
        WebDownloadRules rules = WebDownloadRules.defaults().withDisallowedPorts(List.of(443));
        assertAllowed(check(rules, "https://images.example.com/x"));
    }

    @Test
    void schemeWithoutDefaultPortNeedsAnExplicitPortWhenPortsAreAllowListed() {
        WebDownloadRules rules = WebDownloadRules.defaults().withAllowedSchemes(List.of("s3"));
        assertRefused(check(rules, "s3://images.example.com/bucket/x"),
                "web-download URI names no port and scheme s3 has no default port, so it cannot be checked "
                        + "against glint.import.web-download.allowed-ports");
        assertAllowed(check(rules, "s3://images.example.com:443/bucket/x"));
        assertAllowed(check(rules.withAllowedPorts(List.of()), "s3://images.example.com/bucket/x"));
    }

    @Test
    void effectivePortDefaults() {
        assertEquals(80, UriFilter.effectivePort(URI.create("http://h/")));
        assertEquals(443, UriFilter.effectivePort(URI.create("HTTPS://h/")));
        assertEquals(21, UriFilter.effectivePort(URI.create("ftp://h/")));
        assertEquals(8080, UriFilter.effectivePort(URI.create("http://h:8080/")));
        assertEquals(-1, UriFilter.effectivePort(URI.create("gopher://h/")));
    }

    @Test
    void invalidPortsInRulesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> WebDownloadRules.defaults().withAllowedPorts(List.of(0)));
        assertThrows(IllegalArgumentException.class,
                () -> WebDownloadRules.defaults().withDisallowedPorts(List.of(65536)));
    }

    // --- private networks -------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1        | 127.0.0.1 is a loopback address",
        "127.255.1.2      | 127.255.1.2 is a loopback address",
        "[::1]            | ::1 is a loopback address",
        "10.0.0.1         | 10.0.0.1 is a private address (RFC 1918)",
        "172.16.0.1       | 172.16.0.1 is a private address (RFC 1918)",
        "172.31.255.255   | 172.31.255.255 is a private address (RFC 1918)",
        "192.168.1.1      | 192.168.1.1 is a private address (RFC 1918)",
        "169.254.169.254  | 169.254.169.254 is a link-local address",
        "[fe80::1]        | fe80::1 is a link-local address",
        "[fd12:3456::1]   | fd12:3456::1 is a unique local address (fc00::/7)",
        "[fc00::1]        | fc00::1 is a unique local address (fc00::/7)",
        "[fec0::1]        | fec0::1 is a site-local address (fec0::/10)",
        "0.0.0.0          | 0.0.0.0 is an unspecified address (0.0.0.0/8)",
        "[::]             | :: is the unspecified address",
        "224.0.0.1        | 224.0.0.1 is a multicast address",
        "239.255.255.250  | 239.255.255.250 is a multicast address",
        "[ff02::1]        | ff02::1 is a multicast address",
        "100.64.0.1       | 100.64.0.1 is a shared (carrier-grade NAT) address (100.64.0.0/10)",
        "100.127.255.254  | 100.127.255.254 is a shared (carrier-grade NAT) address (100.64.0.0/10)",
        "255.255.255.255  | 255.255.255.255 is a reserved or broadcast address (240.0.0.0/4)",
        "[::ffff:127.0.0.1] | 127.0.0.1 is a loopback address",
        "[::ffff:a00:1]   | 10.0.0.1 is a private address (RFC 1918)",
        "[::127.0.0.1]    | ::7f00:1 is a loopback address",
        "[64:ff9b::a9fe:a9fe] | 64:ff9b::a9fe:a9fe is a link-local address",
        "[2002:c0a8:101::1] | 2002:c0a8:101::1 is a private address (RFC 1918)",
    })
    void privateAddressLiteralsAreRefused(String host, String what) {
        WebDownloadRules rules = WebDownloadRules.defaults().withAllowedPorts(List.of());
        assertRefused(check(rules, "http://" + host + ":8080/x"), "web-download URI host " + what
                + "; imports from private networks are disabled (glint.import.web-download.deny-private-networks)");
        assertTrue(lookups.isEmpty(), "an address literal needs no DNS lookup");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "172.15.255.255", "172.32.0.1", "192.169.0.1", "100.63.255.255",
        "100.128.0.0", "169.253.1.1", "223.255.255.255", "1.0.0.1", "[2001:4860:4860::8888]",
        "[2002:808:808::1]", "[64:ff9b::808:808]", "[fbff::1]", "[fe00::1]"})
    void publicAddressLiteralsPass(String host) {
        assertAllowed(check("http://" + host + "/x"));
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefused() {
        assertRefused(check("https://sneaky.example.com/x"),
                "web-download URI host sneaky.example.com resolves to 127.0.0.1, a loopback address; "
                        + "imports from private networks are disabled (glint.import.web-download.deny-private-networks)");
    }

    @Test
    void everyResolvedAddressIsChecked() {
        assertRefused(check("https://half-private.example.com/x"),
                "web-download URI host half-private.example.com resolves to 10.1.2.3, a private address (RFC 1918); "
                        + "imports from private networks are disabled (glint.import.web-download.deny-private-networks)");
        assertRefused(check("https://v6-private.example.com/x"),
                "web-download URI host v6-private.example.com resolves to fd00::1, a unique local address (fc00::/7); "
                        + "imports from private networks are disabled (glint.import.web-download.deny-private-networks)");
        assertRefused(check("https://metadata.example.com/latest"),
                "web-download URI host metadata.example.com resolves to 169.254.169.254, a link-local address; "
                        + "imports from private networks are disabled (glint.import.web-download.deny-private-networks)");
    }

    @Test
    void unresolvableNamesAreRefused() {
        assertRefused(check("https://nowhere.example.net/x"),
                "web-download URI host nowhere.example.net could not be resolved");
        assertRefused(check("https://empty.example.com/x"),
                "web-download URI host empty.example.com could not be resolved");
    }

    @Test
    void withPrivateNetworksAllowedNothingIsResolved() {
        WebDownloadRules open = WebDownloadRules.defaults().withDenyPrivateNetworks(false);
        assertAllowed(check(open, "http://127.0.0.1/x"));
        assertAllowed(check(open, "http://sneaky.example.com/x"));
        assertAllowed(check(open, "http://[::1]/x"));
        assertAllowed(check(open, "http://nowhere.example.net/x"));
        assertTrue(lookups.isEmpty(), "lookups: " + lookups);
    }

    @Test
    void anAllowedHostMustStillBePublic() {
        WebDownloadRules rules = WebDownloadRules.defaults().withAllowedHosts(List.of("sneaky.example.com"));
        assertFalse(check(rules, "http://sneaky.example.com/x").allowed());
        assertAllowed(check(rules.withDenyPrivateNetworks(false), "http://sneaky.example.com/x"));
    }

    @Test
    void userInfoDoesNotChangeTheHostThatIsChecked() {
        assertAllowed(check("http://127.0.0.1@images.example.com/x"));
        assertFalse(check("http://images.example.com@127.0.0.1/x").allowed());
    }

    @Test
    void checksRunInGlancesOrderSchemeHostPortThenAddresses() {
        WebDownloadRules rules = WebDownloadRules.defaults().withDisallowedHosts(List.of("127.0.0.1"));
        assertTrue(check(rules, "ftp://127.0.0.1:22/").reason().contains("scheme ftp"));
        assertTrue(check(rules, "http://127.0.0.1:22/").reason().contains("host 127.0.0.1 is disallowed"));
        assertTrue(check("http://127.0.0.1:22/").reason().contains("port 22"));
        assertTrue(check("http://127.0.0.1/").reason().contains("loopback"));
    }

    // --- decisions ---------------------------------------------------------------------------

    @Test
    void orThrowGivesTheUriOrTheReason() {
        assertEquals(URI.create("https://images.example.com/x"), check("https://images.example.com/x").orThrow());
        UriRefusedException refused = assertThrows(UriRefusedException.class,
                () -> check("http://127.0.0.1/x").orThrow());
        assertTrue(refused.getMessage().contains("127.0.0.1 is a loopback address"));
    }

    @Test
    void refusalsDoNotRepeatTheUriSoSignedUrlsStayOutOfMessages() {
        UriDecision d = check("http://images.example.com:8080/x?X-Amz-Signature=secret");
        assertFalse(d.reason().contains("secret"));
    }

    @Test
    void systemResolverFindsLocalhostAsLoopback() {
        // The one test on the real resolver: localhost is in every hosts file.
        UriDecision d = new UriFilter(WebDownloadRules.defaults()).check("http://localhost/x");
        assertFalse(d.allowed());
        assertTrue(d.reason().startsWith("web-download URI host localhost resolves to "), d.reason());
        assertTrue(d.reason().contains("a loopback address"), d.reason());
    }

    @Test
    void ipv6Formatting() {
        assertEquals("::1", IpLiterals.format(IpLiterals.parse("0:0:0:0:0:0:0:1").orElseThrow()));
        assertEquals("2001:db8::1:0:0:1", IpLiterals.format(IpLiterals.parse("2001:db8:0:0:1:0:0:1").orElseThrow()));
        assertEquals("2001:db8:0:1:1:1:1:1", IpLiterals.format(IpLiterals.parse("2001:db8:0:1:1:1:1:1").orElseThrow()));
        assertEquals("fe80::", IpLiterals.format(IpLiterals.parse("fe80::").orElseThrow()));
        assertTrue(IpLiterals.parse("images.example.com").isEmpty());
        assertTrue(IpLiterals.parse("fe80::1%eth0").isEmpty());
    }

    // --- the addresses a fetcher must connect to --------------------------------------------

    @Test
    void anAllowedNameCarriesTheAddressesItWasCheckedAgainst() throws UnknownHostException {
        UriDecision decision = check("https://mirror.example.org/x.qcow2");
        assertAllowed(decision);
        assertEquals(List.of(InetAddress.getByName("198.51.100.7"), InetAddress.getByName("2001:db8::7")),
                decision.addresses());
        assertEquals(List.of("mirror.example.org"), lookups);
        // A literal is its own address; with private networks allowed, nothing was resolved.
        assertEquals(List.of(), check("http://93.184.216.34/x.img").addresses());
        assertEquals(List.of(), check(WebDownloadRules.defaults().withDenyPrivateNetworks(false),
                "http://images.example.com/x").addresses());
    }

    @Test
    void aNameIsResolvedOncePerCheckSoARebindingAnswerIsNeverTheOneChecked() throws UnknownHostException {
        // A resolver double that answers with a public address, then with loopback.
        List<InetAddress> answers = new ArrayList<>(List.of(InetAddress.getByName("93.184.216.34"),
                InetAddress.getByName("127.0.0.1")));
        HostResolver rebinding = host -> List.of(answers.remove(0));
        UriFilter filter = new UriFilter(WebDownloadRules.defaults(), rebinding);
        UriDecision first = filter.check("http://rebind.example.com/x.img");
        assertAllowed(first);
        assertEquals(List.of(InetAddress.getByName("93.184.216.34")), first.addresses());
        assertRefused(filter.check("http://rebind.example.com/x.img"), "web-download URI host rebind.example.com resolves"
                + " to 127.0.0.1, a loopback address; imports from private networks are disabled"
                + " (glint.import.web-download.deny-private-networks)");
    }
}
