package dev.glint.domain;

/** A status change that the contract forbids was asked for; nothing was changed. */
public class IllegalTransitionException extends IllegalStateException {

    private final String from;
    private final String to;

    public IllegalTransitionException(String kind, String from, String to) {
        super("A " + kind + " cannot go from " + from + " to " + to);
        this.from = from;
        this.to = to;
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }
}
