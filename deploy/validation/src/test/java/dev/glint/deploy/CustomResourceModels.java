package dev.glint.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Validates the operators' custom resources with crd-check.mjs (this module's directory), against the
 * models of the pinned @kubernetes-models packages (package-lock.json): Strimzi 1.0, CloudNativePG
 * 1.29, KEDA 2.19.
 */
final class CustomResourceModels {

    private static final Path DIRECTORY = Tools.ROOT.resolve("deploy/validation");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CustomResourceModels() {
    }

    /** Installs the pinned packages once (npm ci), when node_modules is missing or older than the lock. */
    static synchronized void install() throws IOException, InterruptedException {
        Path installed = DIRECTORY.resolve("node_modules/.package-lock.json");
        Path lock = DIRECTORY.resolve("package-lock.json");
        if (Files.exists(installed) && !Files.getLastModifiedTime(installed).toInstant()
                .isBefore(Files.getLastModifiedTime(lock).toInstant())) {
            return;
        }
        Tools.run(DIRECTORY, 600, "npm", "ci", "--no-audit", "--no-fund");
    }

    /** The INVALID lines crd-check.mjs prints for OBJECTS (source -> object), empty when all are valid. */
    static List<String> problems(List<Map.Entry<String, ObjectNode>> objects) throws IOException, InterruptedException {
        install();
        ArrayNode entries = JSON.createArrayNode();
        for (Map.Entry<String, ObjectNode> object : objects) {
            entries.addObject().put("source", object.getKey()).set("object", object.getValue());
        }
        Path input = Files.createTempFile(Tools.ROOT.resolve("deploy/validation/target"), "custom-resources", ".json");
        JSON.writeValue(input.toFile(), entries);
        Tools.Result result = Tools.runAllowingFailure(DIRECTORY, 600, "node", "crd-check.mjs", input.toString());
        Files.delete(input);
        List<String> invalid = result.output().lines().filter(line -> line.startsWith("INVALID ")).toList();
        if (result.exitCode() != 0 && invalid.isEmpty()) {
            throw new IOException("crd-check.mjs exited with " + result.exitCode() + ":\n" + result.output());
        }
        return invalid;
    }
}
