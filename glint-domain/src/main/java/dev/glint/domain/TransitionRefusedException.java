package dev.glint.domain;

/** A named transition whose precondition the image does not meet; nothing was changed. */
public class TransitionRefusedException extends IllegalStateException {

    private final ImageTransition transition;
    private final ImagePrecondition precondition;

    public TransitionRefusedException(ImageTransition transition, ImagePrecondition precondition, String message) {
        super(message);
        this.transition = transition;
        this.precondition = precondition;
    }

    public ImageTransition transition() {
        return transition;
    }

    public ImagePrecondition precondition() {
        return precondition;
    }
}
