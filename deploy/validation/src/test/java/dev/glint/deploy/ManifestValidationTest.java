package dev.glint.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glint.domain.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kustomization under deploy/ renders, and every object it renders is valid: built-in kinds
 * against the Kubernetes 1.32 schema, the operators' custom resources against their models. Then
 * the properties the deployment promises (deploy/README.md) are checked on the rendered objects.
 */
class ManifestValidationTest {

    private static final String PROJECT_VERSION = System.getProperty("glint.project.version");
    private static final List<String> SERVICES =
            List.of("image-api", "upload-worker", "import-worker", "task-executor", "scrubber");

    @BeforeAll
    static void tools() {
        Tools.require("kubectl", "kubectl 1.32 with its built-in kustomize");
        Tools.require("node", "apt-get install nodejs npm");
        Tools.require("npm", "apt-get install npm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/base", "deploy/overlays/dev", "deploy/overlays/production"})
    void everyRenderedObjectIsValid(String directory) throws Exception {
        Manifest manifest = Manifest.render(directory);
        assertThat(manifest.objects()).isNotEmpty();
        List<String> problems = new ArrayList<>();
        List<Map.Entry<String, ObjectNode>> customResources = new ArrayList<>();
        for (ObjectNode object : manifest.objects()) {
            if (KubernetesSchema.isBuiltIn(object)) {
                KubernetesSchema.problem(object).ifPresent(p -> problems.add(Manifest.describe(object) + ": " + p));
            } else {
                customResources.add(new SimpleEntry<>(directory, object));
            }
        }
        if (!customResources.isEmpty()) {
            problems.addAll(CustomResourceModels.problems(customResources));
        }
        assertThat(problems).as("invalid objects rendered from %s", directory).isEmpty();
    }

    @Test
    void aMisspeltFieldFailsValidation() throws Exception {
        Manifest production = Manifest.render("deploy/overlays/production");

        ObjectNode deployment = production.named("Deployment", "image-api").deepCopy();
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        container.set("imagePullPolcy", container.remove("imagePullPolicy"));
        assertThat(KubernetesSchema.problem(deployment)).hasValueSatisfying(p -> assertThat(p).contains("imagePullPolcy"));

        ObjectNode policy = production.named("NetworkPolicy", "glint-egress").deepCopy();
        ((ObjectNode) policy.path("spec")).set("podSelektor", ((ObjectNode) policy.path("spec")).remove("podSelector"));
        assertThat(KubernetesSchema.problem(policy)).hasValueSatisfying(p -> assertThat(p).contains("podSelektor"));

        ObjectNode topic = production.named("KafkaTopic", Topics.IMAGE_EVENTS).deepCopy();
        ((ObjectNode) topic.path("spec")).set("partition", ((ObjectNode) topic.path("spec")).remove("partitions"));
        ObjectNode cluster = production.named("Cluster", "glint-db").deepCopy();
        ((ObjectNode) cluster.path("spec")).put("instances", "three");
        ObjectNode scaledObject = production.named("ScaledObject", "import-worker").deepCopy();
        ((ObjectNode) scaledObject.path("spec")).put("maxReplicas", 6);
        List<String> problems = CustomResourceModels.problems(List.of(
                new SimpleEntry<>("misspelt", topic),
                new SimpleEntry<>("misspelt", cluster),
                new SimpleEntry<>("misspelt", scaledObject)));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("KafkaTopic").contains("partition"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("Cluster").contains("instances"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("ScaledObject").contains("maxReplicas"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy/overlays/dev", "deploy/overlays/production"})
    void everyServiceRunsHardenedWithProbesAndLimits(String directory) throws Exception {
        Manifest manifest = Manifest.render(directory);
        List<ObjectNode> deployments = manifest.serviceDeployments();
        assertThat(deployments).extracting(d -> d.at("/metadata/name").asText())
                .containsExactlyInAnyOrderElementsOf(SERVICES);
        for (ObjectNode deployment : deployments) {
            String name = deployment.at("/metadata/name").asText();
            JsonNode pod = deployment.at("/spec/template/spec");
            JsonNode container = pod.at("/containers/0");
            assertThat(container.path("image").asText()).as(name)
                    .isEqualTo("localhost/glint/" + name + ":" + PROJECT_VERSION);
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(name).isTrue();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText()).as(name).isEqualTo("RuntimeDefault");
            assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
            assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
            assertThat(Manifest.elements(container.at("/securityContext/capabilities/drop")))
                    .extracting(JsonNode::asText).as(name).containsExactly("ALL");
            assertThat(container.at("/startupProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/started");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/live");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).as(name).isEqualTo("/q/health/ready");
            for (String resource : List.of("cpu", "memory")) {
                assertThat(container.at("/resources/requests/" + resource).isMissingNode()).as(name).isFalse();
                assertThat(container.at("/resources/limits/" + resource).isMissingNode()).as(name).isFalse();
            }
            assertThat(deployment.at("/spec/template/metadata/annotations/prometheus.io~1scrape").asText())
                    .as(name).isEqualTo("true");
            // Secrets only by reference: credentials come from secretKeyRef, never a literal value.
            for (JsonNode env : Manifest.elements(container.path("env"))) {
                if (env.path("name").asText().matches(".*(PASSWORD|SECRET|JAAS).*")) {
                    assertThat(env.at("/valueFrom/secretKeyRef/name").isMissingNode())
                            .as(name + " " + env.path("name").asText()).isFalse();
                }
            }
            long shutdownSeconds = java.time.Duration.parse("PT" + manifest.named("ConfigMap", name)
                    .at("/data/QUARKUS_SHUTDOWN_TIMEOUT").asText().toUpperCase()).toSeconds();
            assertThat(pod.path("terminationGracePeriodSeconds").asLong()).as(name).isGreaterThan(shutdownSeconds);
        }
        assertThat(manifest.ofKind("PodDisruptionBudget")).hasSize(SERVICES.size());
        assertThat(manifest.named("HorizontalPodAutoscaler", "image-api").at("/spec/scaleTargetRef/name").asText())
                .isEqualTo("image-api");
    }

    @Test
    void productionRunsTheInfrastructureThroughTheOperators() throws Exception {
        Manifest production = Manifest.render("deploy/overlays/production");
        assertThat(production.ofKind("Secret")).as("production names Secrets, never holds them").isEmpty();
        assertThat(production.ofKind("Kafka")).hasSize(1);
        assertThat(production.ofKind("KafkaNodePool")).singleElement()
                .satisfies(pool -> assertThat(pool.at("/spec/replicas").asInt()).isEqualTo(3));
        Set<String> topics = production.ofKind("KafkaTopic").stream()
                .map(t -> t.at("/metadata/name").asText()).collect(Collectors.toSet());
        assertThat(topics).isEqualTo(topicsOfTheCode());
        for (ObjectNode topic : production.ofKind("KafkaTopic")) {
            assertThat(topic.at("/spec/replicas").asInt()).isEqualTo(3);
            assertThat(topic.at("/spec/partitions").asInt()).isPositive();
            assertThat(topic.at("/spec/config/min.insync.replicas").asInt()).isEqualTo(2);
            assertThat(topic.at("/spec/config/retention.ms").asLong()).isPositive();
        }
        assertThat(production.named("KafkaUser", "glint-kafka-user").at("/spec/authentication/type").asText())
                .isEqualTo("scram-sha-512");
        assertThat(production.named("Cluster", "glint-db").at("/spec/instances").asInt()).isEqualTo(3);
        assertThat(production.named("ScaledObject", "import-worker").at("/spec/triggers/0/metadata/consumerGroup")
                .asText()).isEqualTo("import-worker");
        assertThat(production.named("Deployment", "image-api").at("/spec/replicas").asInt()).isEqualTo(3);
        JsonNode imageApi = production.named("ConfigMap", "image-api").path("data");
        assertThat(imageApi.path("GLINT_AUTH_MODE").asText()).isEqualTo("keystone");
        assertThat(imageApi.path("GLINT_DELAYED_DELETE").asText()).isEqualTo("true");
    }

    private static Set<String> topicsOfTheCode() {
        return Arrays.stream(Topics.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(ManifestValidationTest::value)
                .collect(Collectors.toSet());
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
