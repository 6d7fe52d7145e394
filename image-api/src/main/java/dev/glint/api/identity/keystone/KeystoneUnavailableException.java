package dev.glint.api.identity.keystone;

/**
 * Keystone could not answer (down, slow, failing, or refusing image-api's own credentials).
 * {@link #reason()} names the kind for metrics; {@link #retryable()} whether asking again may help.
 */
public class KeystoneUnavailableException extends RuntimeException {

    private final String reason;
    private final boolean retryable;

    public KeystoneUnavailableException(String message, String reason, boolean retryable, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.retryable = retryable;
    }

    /** A failure that asking again does not cure (a refusal, an unexpected answer). */
    public KeystoneUnavailableException(String message) {
        this(message, "refused", false, null);
    }

    public String reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }
}
