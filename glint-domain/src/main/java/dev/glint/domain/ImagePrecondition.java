package dev.glint.domain;

/** A condition an image must meet before a transition may be applied to it (Glance's guards). */
public enum ImagePrecondition {
    /** Leaving queued or uploading for saving, active or importing needs both formats (Glance: 400). */
    FORMATS_SET {
        @Override
        boolean holds(ImageState image) {
            return image.diskFormat() != null && image.containerFormat() != null;
        }

        @Override
        String refusal(ImageTransition transition) {
            return "Properties disk_format, container_format must be set prior to " + transition.activity() + ".";
        }
    },
    /** A protected image cannot be deleted (Glance: 403). */
    NOT_PROTECTED {
        @Override
        boolean holds(ImageState image) {
            return !image.isProtected();
        }

        @Override
        String refusal(ImageTransition transition) {
            return "Image is protected and cannot be deleted.";
        }
    };

    abstract boolean holds(ImageState image);

    abstract String refusal(ImageTransition transition);

    /** Throws {@link TransitionRefusedException} unless the image meets this precondition. */
    public void require(ImageState image, ImageTransition transition) {
        if (!holds(image)) {
            throw new TransitionRefusedException(transition, this, refusal(transition));
        }
    }
}
