package dev.glint.persistence.messaging;

import io.cloudevents.CloudEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.Headers;

/**
 * A record the CloudEvents deserializer cannot read: counted as {@code unparseable} and handed on as
 * nothing, with the failure and the original bytes in its headers, which the connector's
 * dead-letter strategy then publishes to the dead-letter topic without calling the consumer (see
 * {@link PoisonMessages}). Named by each incoming channel's {@code value-deserialization-failure-handler}.
 */
@ApplicationScoped
@Identifier(UnparseableRecords.NAME)
public class UnparseableRecords implements DeserializationFailureHandler<CloudEvent> {

    public static final String NAME = "glint-unparseable-records";

    private final PoisonMessages poison;

    public UnparseableRecords(PoisonMessages poison) {
        this.poison = poison;
    }

    @Override
    public CloudEvent handleDeserializationFailure(String topic, boolean isKey, String deserializer, byte[] data,
            Exception exception, Headers headers) {
        poison.unparseable(topic, exception);
        return null;
    }
}
