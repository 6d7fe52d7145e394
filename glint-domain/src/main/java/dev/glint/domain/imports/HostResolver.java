package dev.glint.domain.imports;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Looks a host name up; a seam so tests can give names any addresses without a DNS server. */
@FunctionalInterface
public interface HostResolver {

    /** The system resolver, every address it returns (IPv4 and IPv6). */
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    List<InetAddress> resolve(String host) throws UnknownHostException;
}
