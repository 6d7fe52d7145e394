package dev.glint.infra;

/**
 * The images the tests on containers run: by default the official ones a machine with registry
 * access pulls; {@code GLINT_TEST_POSTGRES_IMAGE}, {@code GLINT_TEST_KAFKA_IMAGE} and
 * {@code GLINT_TEST_S3_IMAGE} (or {@code -Dglint.test.postgres-image} ...) name others, such as the
 * local substitutes scripts/test-images.sh builds. The S3 image must take MinIO's contract.
 */
record ContainerImages(String postgres, String kafka, String s3) {

    static final String DEFAULT_POSTGRES = "postgres:17";
    /** The broker version the embedded path runs (kafka.version in the root pom). */
    static final String DEFAULT_KAFKA = "apache/kafka:4.3.1";
    static final String DEFAULT_S3 = "minio/minio:RELEASE.2025-09-07T16-13-09Z";

    static final TestSetting POSTGRES = TestSetting.of("glint.test.postgres-image");
    static final TestSetting KAFKA = TestSetting.of("glint.test.kafka-image");
    static final TestSetting S3 = TestSetting.of("glint.test.s3-image");

    static ContainerImages fromSettings() {
        return new ContainerImages(POSTGRES.value(DEFAULT_POSTGRES), KAFKA.value(DEFAULT_KAFKA), S3.value(DEFAULT_S3));
    }
}
