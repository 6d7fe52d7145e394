package dev.glint.infra;

import java.time.Duration;

/** One server (Kafka, PostgreSQL, S3) that runs in a child JVM. */
interface EmbeddedServer extends Supervised {

    /** Generous because the first PostgreSQL start extracts its binaries, and CI machines are slow. */
    Duration START_TIMEOUT = Duration.ofSeconds(120);
}
