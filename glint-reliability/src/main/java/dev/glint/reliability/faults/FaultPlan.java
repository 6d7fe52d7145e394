package dev.glint.reliability.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The faults of one run at random moments: each service killed {@code serviceKills} times, each
 * server killed {@code serverKills} times and taken down {@code outages} times for {@code outage}.
 * The moments fall between 5 % and 85 % of the workload's duration, so the last faults still meet
 * running work and the clients see the end of them.
 */
public final class FaultPlan {

    private final List<Fault> faults;

    private FaultPlan(List<Fault> faults) {
        this.faults = faults;
    }

    public static FaultPlan random(Random random, Duration duration, List<String> services, List<String> servers,
            int serviceKills, int serverKills, int outages, Duration outage) {
        List<Fault> faults = new ArrayList<>();
        long from = duration.toMillis() * 5 / 100;
        long to = duration.toMillis() * 85 / 100;
        for (String service : services) {
            for (int i = 0; i < serviceKills; i++) {
                faults.add(new Fault(at(random, from, to), Fault.Kind.KILL, service, i % 2 == 0, Duration.ZERO));
            }
        }
        for (String server : servers) {
            for (int i = 0; i < serverKills; i++) {
                faults.add(new Fault(at(random, from, to), Fault.Kind.KILL, server, i % 2 == 1, Duration.ZERO));
            }
            for (int i = 0; i < outages; i++) {
                faults.add(new Fault(at(random, from, Math.max(from, to - outage.toMillis())), Fault.Kind.OUTAGE,
                        server, false, outage));
            }
        }
        faults.sort(Comparator.comparing(Fault::at));
        return new FaultPlan(List.copyOf(faults));
    }

    private static Duration at(Random random, long from, long to) {
        return Duration.ofMillis(from + (long) (random.nextDouble() * Math.max(1, to - from)));
    }

    public List<Fault> faults() {
        return faults;
    }
}
