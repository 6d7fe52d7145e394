package dev.glint.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.infra.GlintInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The idempotent-consumer claim: once per consumer and event, and only with a committed effect. */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
class ProcessedEventsTest {

    @Inject
    Transactions tx;
    @Inject
    ProcessedEvents processed;

    @Test
    void anEventIsClaimedOncePerConsumer() {
        UUID event = UUID.randomUUID();
        assertTrue((boolean) tx.<Boolean>awaitTransaction(session -> processed.claim(session, "consumer-a", event)));
        assertFalse((boolean) tx.<Boolean>awaitTransaction(session -> processed.claim(session, "consumer-a", event)), "a redelivery");
        assertTrue((boolean) tx.<Boolean>awaitTransaction(session -> processed.claim(session, "consumer-b", event)),
                "another consumer processes it on its own");
    }

    @Test
    void aClaimWhoseEffectRolledBackIsNoClaim() {
        UUID event = UUID.randomUUID();
        try {
            tx.awaitTransaction(session -> processed.claim(session, "consumer-a", event)
                    .chain(() -> Uni.createFrom().failure(new IllegalStateException("the effect fails"))));
        } catch (IllegalStateException expected) {
            // the transaction rolled back with its claim
        }
        assertTrue((boolean) tx.<Boolean>awaitTransaction(session -> processed.claim(session, "consumer-a", event)),
                "the redelivered event is processed");
    }
}
