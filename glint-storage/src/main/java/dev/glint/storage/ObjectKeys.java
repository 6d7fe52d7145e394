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
}
