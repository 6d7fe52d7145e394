package dev.glint.imports.plugins;

import java.io.IOException;

/** An image that image-conversion refuses or cannot convert; the message is for the task. */
public class ConversionException extends IOException {

    public ConversionException(String message) {
        super(message);
    }

    public ConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
