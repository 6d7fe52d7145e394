package dev.glint.reliability.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the run ran on and beside: cores, memory, load, and the busiest processes that are not the
 * run's own, so that figures from a shared machine say what they shared it with.
 */
public final class Machine {

    private Machine() {
    }

    public static String describe() {
        StringBuilder text = new StringBuilder();
        text.append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(memoryGiB()).append(" GiB memory, ")
                .append("Java ").append(System.getProperty("java.version")).append(", ")
                .append(osRelease());
        return text.toString();
    }

    /** The 1, 5 and 15 minute load averages. */
    public static String load() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " / " + fields[1] + " / " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The processes that used the most CPU over their life, as "command (n s CPU)", at most
     * {@code count}, leaving out this one and those whose command line mentions any of {@code ours}
     * (the run's data directory, the repository it runs from).
     */
    public static List<String> others(List<String> ours, int count) {
        List<long[]> usage = new ArrayList<>();
        List<String> names = new ArrayList<>();
        long ticks = 100;
        ProcessHandle.allProcesses().forEach(process -> {
            long pid = process.pid();
            if (pid == ProcessHandle.current().pid()) {
                return;
            }
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long cpu = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                String command = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline")).replace('\0', ' ').strip();
                if (!command.isEmpty() && ours.stream().noneMatch(command::contains)) {
                    usage.add(new long[] {cpu, names.size()});
                    names.add(command.length() > 100 ? command.substring(0, 97) + "..." : command);
                }
            } catch (IOException | RuntimeException e) {
                // Gone meanwhile, or not ours to read.
            }
        });
        usage.sort((a, b) -> Long.compare(b[0], a[0]));
        List<String> busiest = new ArrayList<>();
        for (long[] entry : usage.subList(0, Math.min(count, usage.size()))) {
            busiest.add(names.get((int) entry[1]) + " (" + entry[0] / ticks + " s CPU)");
        }
        return busiest;
    }

    private static long memoryGiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private static String osRelease() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring(12).replace("\"", "");
                }
            }
        } catch (IOException e) {
            return System.getProperty("os.name");
        }
        return System.getProperty("os.name");
    }
}
