package dev.glint.imports.domain;

import dev.glint.domain.ImportMethod;
import dev.glint.persistence.TaskRecord;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What one import task asks for, read from the task's input: the method (a legacy {@code import}
 * task is a web-download), the source URI for web-download, the remote image for glance-download
 * (where it is, and the token to read it with, are the task's {@code ImportCredentials}), the target
 * stores, and whether every store must succeed.
 */
public record ImportPlan(ImportMethod method, String uri, UUID remoteImageId, List<String> targets,
        boolean allStoresMustSucceed) {

    public static ImportPlan of(TaskRecord task) {
        Map<String, Object> input = task.input == null ? Map.of() : task.input;
        List<String> targets = input.get("backend") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
        boolean mustSucceed = !Boolean.FALSE.equals(input.get("all_stores_must_succeed"));
        if (TaskRecord.TYPE_IMPORT.equals(task.type)) {
            return new ImportPlan(ImportMethod.WEB_DOWNLOAD, String.valueOf(input.get("import_from")), null, targets,
                    true);
        }
        Map<?, ?> request = input.get("import_req") instanceof Map<?, ?> map ? map : Map.of();
        Map<?, ?> method = request.get("method") instanceof Map<?, ?> map ? map : Map.of();
        ImportMethod parsed = ImportMethod.fromWireName(String.valueOf(method.get("name")))
                .orElseThrow(() -> new ImportFailure("Unknown import method " + method.get("name")));
        String uri = method.get("uri") instanceof String given ? given : null;
        UUID remoteImageId = null;
        if (parsed == ImportMethod.GLANCE_DOWNLOAD) {
            try {
                remoteImageId = UUID.fromString(String.valueOf(method.get("glance_image_id")));
            } catch (IllegalArgumentException e) {
                throw new ImportFailure("Remote image id does not look like a UUID: " + method.get("glance_image_id"));
            }
        }
        return new ImportPlan(parsed, uri, remoteImageId, targets, mustSucceed);
    }
}
