package dev.glint.reliability.checks;

import java.util.List;

/** One line of the checks' table: what was checked, on how many things, how many failed, and examples. */
public record CheckResult(String name, long checked, long failed, List<String> examples) {

    public boolean passed() {
        return failed == 0;
    }

    static CheckResult of(String name, long checked, List<String> failures) {
        return new CheckResult(name, checked, failures.size(), failures.stream().limit(5).toList());
    }
}
