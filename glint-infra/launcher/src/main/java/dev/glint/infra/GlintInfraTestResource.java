package dev.glint.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a Quarkus test at the JVM-wide shared embedded Kafka, PostgreSQL and S3:
 * {@code @WithTestResource(GlintInfraTestResource.class)} (or {@code @QuarkusTestResource}).
 */
public class GlintInfraTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedInfrastructure.get().quarkusConfig();
    }

    /** The servers outlive single test classes; SharedInfrastructure's shutdown hook stops them. */
    @Override
    public void stop() {
    }
}
