package dev.glint.persistence.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.quarkus.jackson.runtime.JacksonRecorder;
import io.quarkus.runtime.shutdown.ShutdownListener;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Jackson's real shutdown listener, as Quarkus registers it, signals once repaired; others are left alone. */
class JacksonShutdownListenerRepairTest {

    @Test
    void jacksonsListenerSignalsOnceRepaired() {
        ShutdownListener jackson = new JacksonRecorder().clearCachesOnShutdown();
        AtomicInteger signals = new AtomicInteger();

        jackson.shutdown(signals::incrementAndGet);
        assertEquals(0, signals.get(), "the defect this class repairs");

        List<ShutdownListener> repaired = JacksonShutdownListenerRepair.repaired(List.of(jackson));
        repaired.get(0).preShutdown(signals::incrementAndGet);
        repaired.get(0).shutdown(signals::incrementAndGet);
        assertEquals(2, signals.get());
    }

    @Test
    void otherListenersAreKeptAsTheyAre() {
        ShutdownListener other = new ShutdownListener() { };
        assertSame(other, JacksonShutdownListenerRepair.repaired(List.of(other)).get(0));
    }
}
