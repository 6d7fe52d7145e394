package dev.glint.domain.imports;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reading and writing IP address literals without ever asking DNS.
 *
 * <p>Only the canonical dotted quad counts as an IPv4 literal: resolvers also accept shorthand
 * ({@code 127.1}), decimal ({@code 2130706433}), octal and hex forms, which would let a URI slip
 * past a host list that names the canonical address, so {@link #isNumericDisguise} spots them.
 */
final class IpLiterals {

    private static final Pattern CANONICAL_IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** A label a resolver may read as a number: decimal, octal (leading 0) or hex. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("\\d+|0x[0-9a-f]*");

    private IpLiterals() {
    }

    static Optional<InetAddress> parseIpv4(String host) {
        if (!CANONICAL_IPV4.matcher(host).matches()) {
            return Optional.empty();
        }
        String[] parts = host.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return Optional.of(byAddress(bytes));
    }

    /** An IPv6 literal (no brackets); IPv4-mapped ones come back as {@link Inet4Address}. */
    static Optional<InetAddress> parseIpv6(String host) {
        if (host.indexOf(':') < 0 || !host.matches("[0-9a-fA-F:.]+")) {
            // Without a colon, or with a zone id or anything else, it is no plain IPv6 literal;
            // checking the characters first guarantees InetAddress never falls back to DNS.
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    static Optional<InetAddress> parse(String host) {
        Optional<InetAddress> v4 = parseIpv4(host);
        return v4.isPresent() ? v4 : parseIpv6(host);
    }

    /**
     * A host that is no canonical IP literal but that a resolver would still read as an address
     * ({@code 127.1}, {@code 2130706433}, {@code 0x7f.1}): its last label is numeric, which no real
     * host name's top-level domain is.
     */
    static boolean isNumericDisguise(String host) {
        if (CANONICAL_IPV4.matcher(host).matches()) {
            return false;
        }
        String last = host.substring(host.lastIndexOf('.') + 1);
        return NUMERIC_LABEL.matcher(last).matches();
    }

    /** Dotted quad, or RFC 5952 text for IPv6 ({@code ::1}, not {@code 0:0:0:0:0:0:0:1}). */
    static String format(InetAddress address) {
        if (address instanceof Inet6Address) {
            return formatIpv6(address.getAddress());
        }
        return address.getHostAddress();
    }

    static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address of 4 or 16 bytes", e);
        }
    }

    private static String formatIpv6(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // The longest run of two or more zero groups (the first of equal runs) becomes "::".
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
