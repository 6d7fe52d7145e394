package dev.glint.format;

import java.io.IOException;

/** Thrown by {@link InspectingStream} as soon as the inspector refuses the data: reading it further is pointless. */
public class FormatRefusedException extends IOException {

    private final transient Refusal refusal;

    public FormatRefusedException(Refusal refusal) {
        super(refusal.message());
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
