package dev.glint.storage.http;

import dev.glint.storage.StorageException;

/** The http store could not read a location: the URL is refused, missing, or its server failed. */
public class HttpStoreException extends StorageException {

    /** Why the read failed, so that callers can answer as Glance does for each. */
    public enum Reason {
        /** The URL is not http(s), is malformed, or the URI filter refuses it (or a redirect). */
        REFUSED,
        /** The server answered 404. */
        NOT_FOUND,
        /** The server answered another error, redirected badly, or could not be reached. */
        UNAVAILABLE
    }

    private final Reason reason;

    public HttpStoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
