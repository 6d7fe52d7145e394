package dev.glint.imports.source;

import java.io.IOException;

/**
 * A web-download that failed for a reason outside Glint: refused URI, unreachable or stalled
 * source, error status. The message is meant for the task's message, as it stands.
 */
public class SourceException extends IOException {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
