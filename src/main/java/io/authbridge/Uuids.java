package io.authbridge;

import java.util.UUID;

import io.netty.util.AsciiString;

/**
 * Strict UUID parsing. {@link UUID#fromString} accepts forms like {@code 1-2-3-4-5}; ids on the wire are
 * only ever the canonical 36-character form, so anything else is "not an id" rather than another id.
 */
public final class Uuids {

    private Uuids() {
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The canonical (lower-case) form of {@code id}, as {@link UUID#toString} writes it, in ASCII bytes. */
    public static AsciiString ascii(UUID id) {
        byte[] text = new byte[36];
        hex(id.getMostSignificantBits(), text, 0, 0, 8);
        hex(id.getMostSignificantBits(), text, 8, 9, 4);
        hex(id.getMostSignificantBits(), text, 12, 14, 4);
        hex(id.getLeastSignificantBits(), text, 0, 19, 4);
        hex(id.getLeastSignificantBits(), text, 4, 24, 12);
        text[8] = '-';
        text[13] = '-';
        text[18] = '-';
        text[23] = '-';
        return new AsciiString(text, false);
    }

    /** Writes {@code digits} hex digits of {@code bits}, from the {@code first}-th (0: most significant). */
    private static void hex(long bits, byte[] text, int first, int at, int digits) {
        for (int i = 0; i < digits; i++) {
            int shift = 60 - 4 * (first + i);
            text[at + i] = HEX[(int) (bits >>> shift) & 0xF];
        }
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
