package dev.glint.api.identity.keystone;

/** Keystone could not answer (down, slow, failing, or refusing image-api's own credentials). */
public class KeystoneUnavailableException extends RuntimeException {

    public KeystoneUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public KeystoneUnavailableException(String message) {
        super(message);
    }
}
