package dev.glint.storage;

import java.util.UUID;

/** Object keys are derived from ids only, never from user input. */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    /** Data of one upload attempt of an image; a retried upload gets a fresh key. */
    public static String imageData(UUID imageId, UUID attemptId) {
        return "images/" + imageId + "/" + attemptId;
    }

    /**
     * Data staged with {@code PUT /stage}, in the default store, until it is imported. One key per
     * image: an image stages at most once at a time (it is in uploading meanwhile).
     */
    public static String staged(UUID imageId) {
        return "staging/" + imageId + "/data";
    }
}
