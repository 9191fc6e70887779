package io.authbridge;

import java.util.UUID;

/**
 * Strict UUID parsing. {@link UUID#fromString} accepts forms like {@code 1-2-3-4-5}; ids on the wire are
 * only ever the canonical 36-character form, so anything else is "not an id" rather than another id.
 */
public final class Uuids {

    private Uuids() {
    }

    /** The UUID written canonically in {@code text} (either case), or null. */
    public static UUID parse(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                return null;
            }
        }
        return UUID.fromString(text);
    }
}
