package dev.glint.reliability.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

    @Test
    void everyTargetGetsItsFaultsInsideTheWindowInTimeOrder() {
        Duration duration = Duration.ofMinutes(15);
        FaultPlan plan = FaultPlan.random(new Random(1), duration, List.of("image-api", "scrubber"), List.of("kafka"), 10, 3, 1,
                Duration.ofSeconds(30));
        List<Fault> faults = plan.faults();
        assertEquals(10, faults.stream().filter(f -> f.target().equals("image-api") && f.kind() == Fault.Kind.KILL).count());
        assertEquals(3, faults.stream().filter(f -> f.target().equals("kafka") && f.kind() == Fault.Kind.KILL).count());
        assertEquals(1, faults.stream().filter(f -> f.target().equals("kafka") && f.kind() == Fault.Kind.OUTAGE).count());
        assertEquals(5, faults.stream().filter(f -> f.target().equals("scrubber") && f.viaRestart()).count());
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            assertTrue(fault.at().compareTo(duration.multipliedBy(5).dividedBy(100)) >= 0);
            assertTrue(fault.at().plus(fault.outage()).compareTo(duration.multipliedBy(85).dividedBy(100)) <= 0);
            if (i > 0) {
                assertTrue(faults.get(i - 1).at().compareTo(fault.at()) <= 0);
            }
        }
    }
}
