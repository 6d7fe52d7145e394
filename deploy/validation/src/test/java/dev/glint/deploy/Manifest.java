package dev.glint.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/** The objects one kustomization renders to (`kubectl kustomize DIR`). */
record Manifest(String directory, List<ObjectNode> objects) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Manifest render(String directory) throws IOException, InterruptedException {
        String yaml = Tools.run(Tools.ROOT, 120, "kubectl", "kustomize", directory);
        List<ObjectNode> objects = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
            for (JsonNode node : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (node != null && node.isObject()) {
                    objects.add((ObjectNode) node);
                }
            }
        }
        return new Manifest(directory, objects);
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    ObjectNode named(String kind, String name) {
        return ofKind(kind).stream()
                .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(directory + " renders no " + kind + " " + name));
    }

    /** The Deployments of the five services (the base labels them part-of glint). */
    List<ObjectNode> serviceDeployments() {
        return ofKind("Deployment").stream()
                .filter(d -> "glint".equals(d.path("metadata").path("labels").path("app.kubernetes.io/part-of").asText()))
                .toList();
    }

    static String describe(JsonNode object) {
        return object.path("apiVersion").asText() + " " + object.path("kind").asText() + " "
                + object.path("metadata").path("name").asText();
    }

    static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }
}
