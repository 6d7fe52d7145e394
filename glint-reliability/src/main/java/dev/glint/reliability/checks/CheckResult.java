package dev.glint.reliability.checks;

import java.util.List;

/**
 * One line of the checks' table: what was checked, on how many things, how many failed, and examples.
 * A check whose evidence this Glint does not produce is "not available", with the reason, rather than
 * passed or failed: {@code unavailable} holds that reason and is null for a check that ran.
 */
public record CheckResult(String name, long checked, long failed, List<String> examples, String unavailable) {

    public CheckResult(String name, long checked, long failed, List<String> examples) {
        this(name, checked, failed, examples, null);
    }

    /** A check that could not run says so; it neither passes nor fails the run. */
    public boolean passed() {
        return failed == 0;
    }

    public boolean available() {
        return unavailable == null;
    }

    static CheckResult of(String name, long checked, List<String> failures) {
        return new CheckResult(name, checked, failures.size(), failures.stream().limit(5).toList());
    }

    static CheckResult notAvailable(String name, String reason) {
        return new CheckResult(name, 0, 0, List.of(), reason);
    }
}
