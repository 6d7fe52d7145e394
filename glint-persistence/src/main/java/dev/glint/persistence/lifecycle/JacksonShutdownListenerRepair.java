package dev.glint.persistence.lifecycle;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.shutdown.ShutdownListener;
import io.quarkus.runtime.shutdown.ShutdownRecorder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Makes every service stop as soon as its work has drained, not when {@code quarkus.shutdown.timeout}
 * runs out.
 *
 * <p>Quarkus 3.30.6's Jackson extension registers a shutdown listener that clears Jackson's type
 * cache and never signals that it is done. With a shutdown timeout set (the Kubernetes deployment
 * sets one so that uploads in flight drain before a pod stops), Quarkus then waits out the whole
 * timeout after the last request has ended: two minutes per image-api pod in a rolling update.
 * Quarkus 3.30.8 turns that listener into a plain shutdown task, but the Maven repositories these
 * machines reach do not serve 3.30.8's Hibernate Reactive extension, so the upgrade waits. Until
 * then, at startup, that one listener is wrapped so that it signals once it has run. Delete this
 * class with the upgrade.
 */
@ApplicationScoped
public class JacksonShutdownListenerRepair {

    private static final Logger LOG = Logger.getLogger(JacksonShutdownListenerRepair.class);
    private static final String SILENT_LISTENER_PREFIX = "io.quarkus.jackson.runtime.JacksonRecorder$";

    void onStart(@Observes StartupEvent event) {
        try {
            Field field = ShutdownRecorder.class.getDeclaredField("shutdownListeners");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            List<ShutdownListener> listeners = (List<ShutdownListener>) field.get(null);
            if (listeners != null) {
                field.set(null, repaired(listeners));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Not fatal: the service still stops, only after the whole shutdown timeout.
            LOG.warnf("could not repair Jackson's shutdown listener (%s): stopping waits out quarkus.shutdown.timeout", e);
        }
    }

    static List<ShutdownListener> repaired(List<ShutdownListener> listeners) {
        List<ShutdownListener> repaired = new ArrayList<>(listeners.size());
        for (ShutdownListener listener : listeners) {
            repaired.add(listener.getClass().getName().startsWith(SILENT_LISTENER_PREFIX)
                    ? new SignallingShutdownListener(listener) : listener);
        }
        return repaired;
    }

    /** Runs a listener whose work is synchronous and signals for it when it returns. */
    record SignallingShutdownListener(ShutdownListener delegate) implements ShutdownListener {
        @Override
        public void preShutdown(ShutdownNotification notification) {
            delegate.preShutdown(notification);
        }

        @Override
        public void shutdown(ShutdownNotification notification) {
            try {
                delegate.shutdown(() -> { });
            } finally {
                notification.done();
            }
        }
    }
}
