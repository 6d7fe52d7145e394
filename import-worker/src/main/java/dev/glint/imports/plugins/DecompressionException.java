package dev.glint.imports.plugins;

import java.io.IOException;

/** Compressed data that cannot be unpacked into one image; the message is for the task. */
public class DecompressionException extends IOException {

    public DecompressionException(String message) {
        super(message);
    }

    public DecompressionException(String message, Throwable cause) {
        super(message, cause);
    }
}
