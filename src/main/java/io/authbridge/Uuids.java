package io.authbridge;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.netty.util.AsciiString;

/**
 * Ids on the wire. Parsing is strict: {@link UUID#fromString} accepts forms like {@code 1-2-3-4-5} and
 * non-ASCII digits; ids on the wire are only ever the canonical 36-character ASCII form, so anything else is
 * "not an id" rather than another id. {@link #ascii} writes that form as bytes, for headers.
 */
public final class Uuids {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Uuids() {
    }

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
            // ASCII only: Character.digit (and UUID.fromString) also take fullwidth and other Unicode digits
            if (text.charAt(i) >= 0x80) {
                return null;
            }
        }
        return parse(text.getBytes(StandardCharsets.US_ASCII), 0, 36);
    }

    /** The UUID written canonically (either case) in the ASCII bytes {@code text[from, to)}, or null. */
    public static UUID parse(byte[] text, int from, int to) {
        if (to - from != 36) {
            return null;
        }
        long mostSignificant = 0;
        long leastSignificant = 0;
        for (int i = 0; i < 36; i++) {
            int c = text[from + i];
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int digit = c < 0 ? -1 : Character.digit(c, 16);
            if (digit < 0) {
                return null;
            }
            if (i < 18) {
                mostSignificant = mostSignificant << 4 | digit;
            }
            else {
                leastSignificant = leastSignificant << 4 | digit;
            }
        }
        return new UUID(mostSignificant, leastSignificant);
    }
}
