package dev.glint.format;

/**
 * One failed check of a probe. {@code check} names it for the operator's non-fatal list (only the
 * partition table check, {@value FormatRules#MBR_CHECK}, can be made non-fatal).
 */
record Violation(String check, Refusal.Reason reason, String message) {

    Refusal refusal() {
        return new Refusal(reason, message);
    }
}
