package dev.glint.api.policy;

import dev.glint.persistence.ImageRecord;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * What a rule is checked against, as {@code %(field)s}: for an image, {@code project_id} and
 * {@code owner} (both the owning project, {@code project_id} as in Glance's rules), {@code visibility},
 * {@code member_id} (the project whose membership is in question: the caller's when it is a member
 * of the image, or the member named by a members call) and {@code member_status}.
 */
public final class PolicyTarget {

    private final Map<String, String> fields;

    private PolicyTarget(Map<String, String> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    public static PolicyTarget empty() {
        return new PolicyTarget(Map.of());
    }

    /** A target for calls that concern a project rather than an image (listing, tasks). */
    public static PolicyTarget project(String projectId) {
        return empty().with("project_id", projectId).with("owner", projectId);
    }

    public static PolicyTarget image(ImageRecord image) {
        return empty().with("id", image.id == null ? null : image.id.toString())
                .with("project_id", image.owner).with("owner", image.owner)
                .with("visibility", image.visibility);
    }

    /** A copy with one more field; a null value leaves the field out, so checks on it fail. */
    public PolicyTarget with(String field, String value) {
        Map<String, String> copy = new HashMap<>(fields);
        if (value == null) {
            copy.remove(field);
        } else {
            copy.put(field, value);
        }
        return new PolicyTarget(copy);
    }

    public String get(String field) {
        return fields.get(field);
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
