package dev.glint.domain;

import java.util.Optional;

/**
 * The interoperable-import methods and the image status each one starts from (Glance's import
 * preconditions): glance-direct imports staged data, web-download fetches a URL into a queued image,
 * copy-image copies an active image's data into more stores, glance-download fetches another
 * region's image (its data and some of its properties) into a queued image.
 */
public enum ImportMethod {
    GLANCE_DIRECT("glance-direct", ImageStatus.UPLOADING),
    WEB_DOWNLOAD("web-download", ImageStatus.QUEUED),
    COPY_IMAGE("copy-image", ImageStatus.ACTIVE),
    GLANCE_DOWNLOAD("glance-download", ImageStatus.QUEUED);

    private final String wireName;
    private final ImageStatus requiredStatus;

    ImportMethod(String wireName, ImageStatus requiredStatus) {
        this.wireName = wireName;
        this.requiredStatus = requiredStatus;
    }

    public String wireName() {
        return wireName;
    }

    public ImageStatus requiredStatus() {
        return requiredStatus;
    }

    /**
     * The status the image is in while the import runs: importing, except for copy-image, which
     * leaves an active image active (its data stays readable from the stores it is already in).
     */
    public ImageStatus statusWhileImporting() {
        return this == COPY_IMAGE ? ImageStatus.ACTIVE : ImageStatus.IMPORTING;
    }

    public static Optional<ImportMethod> fromWireName(String name) {
        for (ImportMethod method : values()) {
            if (method.wireName.equals(name)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}
