package io.authbridge.token;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Sets of enum constants as bit masks (bit = ordinal), and their stored comma-separated form. */
final class Masks {

    private Masks() {
    }

    static <E extends Enum<E>> List<String> names(E[] values, int mask, Function<E, String> wireName) {
        List<String> names = new ArrayList<>(values.length);
        for (E value : values) {
            if ((mask & (1 << value.ordinal())) != 0) {
                names.add(wireName.apply(value));
            }
        }
        return names;
    }

    /** Parses a comma-separated list; names {@code lookup} does not know are ignored. */
    static <E extends Enum<E>> int parse(String commaSeparated, Function<String, E> lookup) {
        int mask = 0;
        if (commaSeparated == null) {
            return mask;
        }
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                E value = lookup.apply(part.trim());
                if (value != null) {
                    mask |= 1 << value.ordinal();
                }
            }
        }
        return mask;
    }
}
