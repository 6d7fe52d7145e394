package dev.glint.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;

/**
 * Validates a built-in Kubernetes 1.32 object against the 1.32 OpenAPI schema, through the model
 * classes the Kubernetes Java client (23.x) generates from it: each model's validateJsonElement
 * rejects a field the schema does not define (at any depth), a missing required field and a value
 * of the wrong JSON type, as the API server's strict field validation does.
 */
final class KubernetesSchema {

    /** The API groups of Kubernetes 1.32 ("" is the core group). */
    private static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "autoscaling", "policy",
            "networking.k8s.io", "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io",
            "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io", "admissionregistration.k8s.io",
            "apiextensions.k8s.io", "certificates.k8s.io", "events.k8s.io", "flowcontrol.apiserver.k8s.io");

    private KubernetesSchema() {
    }

    static boolean isBuiltIn(JsonNode object) {
        return BUILT_IN_GROUPS.contains(group(object.path("apiVersion").asText()));
    }

    /** The problem with OBJECT, or empty when it is valid. */
    static Optional<String> problem(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        // The client names a model after its version and kind: apps/v1 Deployment -> V1Deployment.
        String model = "io.kubernetes.client.openapi.models." + Character.toUpperCase(version.charAt(0))
                + version.substring(1) + kind;
        Method validate;
        try {
            validate = Class.forName(model).getMethod("validateJsonElement", JsonElement.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return Optional.of("Kubernetes 1.32 has no " + apiVersion + " " + kind);
        }
        try {
            validate.invoke(null, JsonParser.parseString(object.toString()));
            return Optional.empty();
        } catch (InvocationTargetException e) {
            return Optional.of(e.getCause().getMessage());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }
}
