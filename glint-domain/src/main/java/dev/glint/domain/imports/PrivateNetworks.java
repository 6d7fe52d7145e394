package dev.glint.domain.imports;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Tells whether an address lies in a network a web-download must not reach from inside the cloud:
 * loopback, link-local, private (RFC 1918, fc00::/7, the old fec0::/10), unspecified, multicast,
 * shared address space (CGNAT 100.64.0.0/10), broadcast and the reserved 240.0.0.0/4. IPv6 forms
 * that carry an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) are
 * judged by that IPv4 address, since they reach it.
 */
public final class PrivateNetworks {

    private PrivateNetworks() {
    }

    /** What kind of non-public address this is ("a loopback address"), or empty when public. */
    public static Optional<String> describe(InetAddress address) {
        byte[] b = address.getAddress();
        return address instanceof Inet4Address ? describeIpv4(b) : describeIpv6(b);
    }

    private static Optional<String> describeIpv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 0) {
            return Optional.of("an unspecified address (0.0.0.0/8)");
        }
        if (a0 == 127) {
            return Optional.of("a loopback address");
        }
        if (a0 == 10 || (a0 == 172 && a1 >= 16 && a1 <= 31) || (a0 == 192 && a1 == 168)) {
            return Optional.of("a private address (RFC 1918)");
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return Optional.of("a shared (carrier-grade NAT) address (100.64.0.0/10)");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of("a link-local address");
        }
        if (a0 >= 224 && a0 <= 239) {
            return Optional.of("a multicast address");
        }
        if (a0 >= 240) {
            return Optional.of("a reserved or broadcast address (240.0.0.0/4)");
        }
        return Optional.empty();
    }

    private static Optional<String> describeIpv6(byte[] b) {
        if (allZero(b, 0, 15)) {
            int last = b[15] & 0xff;
            if (last == 0) {
                return Optional.of("the unspecified address");
            }
            if (last == 1) {
                return Optional.of("a loopback address");
            }
        }
        int g0 = ((b[0] & 0xff) << 8) | (b[1] & 0xff);
        if ((g0 & 0xffc0) == 0xfe80) {
            return Optional.of("a link-local address");
        }
        if ((g0 & 0xffc0) == 0xfec0) {
            return Optional.of("a site-local address (fec0::/10)");
        }
        if ((g0 & 0xfe00) == 0xfc00) {
            return Optional.of("a unique local address (fc00::/7)");
        }
        if ((g0 & 0xff00) == 0xff00) {
            return Optional.of("a multicast address");
        }
        Optional<byte[]> embedded = embeddedIpv4(b);
        if (embedded.isPresent()) {
            return describeIpv4(embedded.get());
        }
        return Optional.empty();
    }

    /** The IPv4 address an IPv6 address stands for, when it is one of the forms that carry one. */
    private static Optional<byte[]> embeddedIpv4(byte[] b) {
        boolean mapped = allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = allZero(b, 0, 12);
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return Optional.of(new byte[] {b[12], b[13], b[14], b[15]});
        }
        boolean sixToFour = (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02;
        if (sixToFour) {
            return Optional.of(new byte[] {b[2], b[3], b[4], b[5]});
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
