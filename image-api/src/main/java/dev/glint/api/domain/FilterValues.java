package dev.glint.api.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The values of a list filter: one value, or Glance's {@code in:} operator ({@code name=in:a,b},
 * {@code name=in:"a,b",c}), where a value with a comma is quoted and {@code \"} is a quote inside it.
 * As in Glance, a quote must be closed and stand alone between commas. Unquoted empty items are left
 * out ({@code in:a,} is {@code a}); a list with no value at all ({@code in:}, {@code in:,,,}) is 400,
 * since it would match nothing and cannot have been meant. {@code in:""} asks for the empty string.
 */
final class FilterValues {

    private FilterValues() {
    }

    static List<String> of(String name, String value) {
        if (!value.startsWith("in:")) {
            return List.of(value);
        }
        String list = value.substring(3);
        List<String> values = new ArrayList<>();
        int i = 0;
        while (i <= list.length()) {
            if (i < list.length() && list.charAt(i) == '"') {
                StringBuilder quoted = new StringBuilder();
                int j = i + 1;
                while (j < list.length() && list.charAt(j) != '"') {
                    if (list.charAt(j) == '\\' && j + 1 < list.length()) {
                        j++;
                    }
                    quoted.append(list.charAt(j));
                    j++;
                }
                if (j >= list.length()) {
                    throw invalid(name, value, "a quote is not closed");
                }
                if (j + 1 < list.length() && list.charAt(j + 1) != ',') {
                    throw invalid(name, value, "there is no comma after a closing quote");
                }
                values.add(quoted.toString());
                i = j + 2;
            } else {
                int comma = list.indexOf(',', i);
                int end = comma < 0 ? list.length() : comma;
                String item = list.substring(i, end);
                if (item.indexOf('"') >= 0) {
                    throw invalid(name, value, "there is no comma before an opening quote");
                }
                if (!item.isEmpty()) {
                    values.add(item);
                }
                i = end + 1;
            }
        }
        if (values.isEmpty()) {
            throw invalid(name, value, "the in: list names no value");
        }
        return values;
    }

    private static ApiException invalid(String name, String value, String why) {
        return ApiException.badRequest("Invalid filter value " + value + " for " + name + ": " + why + ".");
    }
}
