package dev.glint.domain.imports;

/** A web-download URI the filter refused; the message says why and which setting decides. */
public class UriRefusedException extends RuntimeException {

    public UriRefusedException(String reason) {
        super(reason);
    }
}
