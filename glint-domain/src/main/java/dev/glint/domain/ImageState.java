package dev.glint.domain;

/** What the preconditions of an image transition look at. */
public interface ImageState {

    ImageStatus status();

    String diskFormat();

    String containerFormat();

    boolean isProtected();
}
