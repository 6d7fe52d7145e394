package dev.glint.imports.domain;

/** An import cannot go on; the message is what the task's message tells the user. */
public class ImportFailure extends RuntimeException {

    public ImportFailure(String message) {
        super(message);
    }

    public ImportFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
