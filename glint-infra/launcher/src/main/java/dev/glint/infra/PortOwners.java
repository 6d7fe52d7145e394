package dev.glint.infra;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which processes listen on a TCP port, from Linux's {@code /proc}: the socket's inode from
 * {@code /proc/net/tcp[6]}, then the processes that hold a descriptor of it. Used to make sure
 * that a port answers from the process {@code ./glint up} started, and not from a stray one.
 */
final class PortOwners {

    private static final String LISTEN = "0A";

    private PortOwners() {
    }

    /** Whether {@code /proc} can tell (Linux); elsewhere the checks that need it are skipped. */
    static boolean supported() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /** Inodes of the sockets listening on {@code port}, any address, IPv4 or IPv6. */
    static Set<Long> listeningSockets(int port) {
        Set<Long> inodes = new LinkedHashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of(table));
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 10 || !LISTEN.equals(fields[3])) {
                    continue;
                }
                String local = fields[1];
                int localPort = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16);
                if (localPort == port) {
                    inodes.add(Long.parseLong(fields[9]));
                }
            }
        }
        return inodes;
    }

    /** Of {@code candidates}, those that hold a listening socket of {@code port}. */
    static Set<Long> listenersAmong(int port, Collection<Long> candidates) {
        Set<Long> inodes = listeningSockets(port);
        Set<Long> owners = new LinkedHashSet<>();
        for (long pid : candidates) {
            if (holdsAny(pid, inodes)) {
                owners.add(pid);
            }
        }
        return owners;
    }

    /** Every process that listens on {@code port} (scans all of /proc: for error messages only). */
    static Set<Long> listeners(int port) {
        Set<Long> inodes = listeningSockets(port);
        Set<Long> owners = new LinkedHashSet<>();
        if (inodes.isEmpty()) {
            return owners;
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                if (holdsAny(pid, inodes)) {
                    owners.add(pid);
                }
            }
        } catch (IOException e) {
            return owners;
        }
        return owners;
    }

    /** "pid 123 (java -jar ...)" for messages; the command line cut to a readable length. */
    static String describe(long pid) {
        String command = commandLine(pid).orElse("?");
        return "pid " + pid + " (" + (command.length() > 160 ? command.substring(0, 157) + "..." : command) + ")";
    }

    static Optional<String> commandLine(long pid) {
        try {
            String raw = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"));
            return Optional.of(raw.replace('\0', ' ').strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean holdsAny(long pid, Set<Long> inodes) {
        if (inodes.isEmpty()) {
            return false;
        }
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path descriptor : descriptors) {
                String target;
                try {
                    target = Files.readSymbolicLink(descriptor).toString();
                } catch (IOException e) {
                    continue;
                }
                if (target.startsWith("socket:[")
                        && inodes.contains(Long.parseLong(target.substring(8, target.length() - 1)))) {
                    return true;
                }
            }
        } catch (IOException | SecurityException e) {
            return false;
        }
        return false;
    }
}
