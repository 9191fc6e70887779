package io.authbridge.path;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.authbridge.path.CanonicalPath.Accepted;
import io.authbridge.path.CanonicalPath.Refused;

/** The rules of {@link CanonicalPath}, in one pass over the raw path (see there). */
final class Canonicaliser {

    private Canonicaliser() {
    }

    static CanonicalPath canonical(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return new Accepted("/");
        }
        if (rawPath.charAt(0) != '/') {
            return new Refused("the path is not absolute");
        }
        if (isCanonical(rawPath)) {
            return new Accepted(rawPath);
        }
        CanonicalPath once = canonicalise(rawPath);
        if (once instanceof Accepted accepted && !accepted.path().equals(rawPath)) {
            // the answer must be its own canonical form: decoding may assemble an escape the rules refuse when
            // sent as such (%25%32%65 becomes %252e, a double-encoded dot), and what is refused sent directly is
            // refused however it is spelt
            CanonicalPath twice = canonicalise(accepted.path());
            if (twice instanceof Refused refused) {
                return refused;
            }
            if (!((Accepted) twice).path().equals(accepted.path())) {
                return new Refused("a path whose decoding makes another path");
            }
        }
        return once;
    }

    /**
     * Whether the path needs no work: plain path characters only, no empty segment inside it and no segment
     * starting with a dot or a semicolon. Most requests end here, without a copy.
     */
    private static boolean isCanonical(String path) {
        char previous = '/';
        for (int i = 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (previous == '/' && (c == '/' || c == '.' || c == ';')) {
                return false;
            }
            if (c >= 128 || !Chars.PLAIN[c]) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    private static CanonicalPath canonicalise(String raw) {
        List<String> segments = new ArrayList<>();
        boolean trailingSlash = false;
        int start = 1;
        while (start <= raw.length()) {
            int end = raw.indexOf('/', start);
            boolean last = end < 0;
            if (last) {
                end = raw.length();
            }
            Segment segment = Segment.read(raw, start, end);
            if (segment.refusal != null) {
                return new Refused(segment.refusal);
            }
            String text = segment.text;
            if (text.isEmpty()) {
                // a repeated slash is merged; a final one is kept
                trailingSlash = last;
            }
            else if (segment.isDot()) {
                trailingSlash = last;
            }
            else if (segment.isDotDot()) {
                if (segments.isEmpty()) {
                    return new Refused("a dot segment climbs above the root");
                }
                segments.remove(segments.size() - 1);
                trailingSlash = last;
            }
            else {
                segments.add(text);
                trailingSlash = false;
            }
            start = end + 1;
        }
        StringBuilder path = new StringBuilder(raw.length());
        for (String segment : segments) {
            path.append('/').append(segment);
        }
        if (segments.isEmpty() || trailingSlash) {
            path.append('/');
        }
        String canonical = path.toString();
        return new Accepted(canonical.equals(raw) ? raw : canonical);
    }

    /** One segment read from the raw path: its canonical text, or why it is refused. */
    static final class Segment {

        private final String text;

        private final String refusal;

        /** Whether a dot of its name (before any {@code ;}) came from an escape. */
        private final boolean encodedDot;

        private final boolean hasParameters;

        private Segment(String text, String refusal, boolean encodedDot, boolean hasParameters) {
            this.text = text;
            this.refusal = refusal;
            this.encodedDot = encodedDot;
            this.hasParameters = hasParameters;
        }

        private static Segment refused(String reason) {
            return new Segment(null, reason, false, false);
        }

        static Segment read(String raw, int start, int end) {
            StringBuilder text = new StringBuilder(end - start);
            boolean encodedDot = false;
            boolean inParameters = false;
            boolean highBytes = false;
            for (int i = start; i < end; i++) {
                char c = raw.charAt(i);
                if (c == '%') {
                    int value = escape(raw, i, end);
                    if (value < 0) {
                        return refused("an invalid percent escape");
                    }
                    String refusal = refusal(value, raw, i + 3, end);
                    if (refusal != null) {
                        return refused(refusal);
                    }
                    if (value < 128 && Chars.UNRESERVED[value]) {
                        text.append((char) value);
                        encodedDot |= value == '.' && !inParameters;
                    }
                    else {
                        text.append('%').append(Chars.HEX[value >> 4]).append(Chars.HEX[value & 0xF]);
                        highBytes |= value >= 128;
                    }
                    i += 2;
                    continue;
                }
                if (c == '\\') {
                    return refused("a backslash");
                }
                if (c >= 128 || !Chars.PCHAR[c]) {
                    return refused(c < 0x20 || c == 0x7F ? "a control character" : c >= 128 ? "a non-ASCII character"
                            : "a character not allowed in a path");
                }
                inParameters |= c == ';';
                text.append(c);
            }
            if (highBytes && !isUtf8(text)) {
                return refused("percent escapes that are not UTF-8");
            }
            String segment = text.toString();
            Segment read = new Segment(segment, null, encodedDot, inParameters);
            String name = read.name();
            boolean dotLike = name.equals(".") || name.equals("..");
            if (dotLike && encodedDot) {
                return refused("an encoded dot forms a dot segment");
            }
            if (inParameters && (dotLike || name.isEmpty())) {
                return refused("a dot or empty segment with a path parameter");
            }
            return read;
        }

        /** The segment before its path parameters (what Spring's matching and servlet containers compare). */
        private String name() {
            int semicolon = text.indexOf(';');
            return semicolon < 0 ? text : text.substring(0, semicolon);
        }

        boolean isDot() {
            return !hasParameters && text.equals(".");
        }

        boolean isDotDot() {
            return !hasParameters && text.equals("..");
        }

        /** The byte a {@code %XY} at {@code at} stands for, or -1 when it is not a complete escape. */
        private static int escape(String raw, int at, int end) {
            if (at + 2 >= end) {
                return -1;
            }
            int high = Character.digit(raw.charAt(at + 1), 16);
            int low = Character.digit(raw.charAt(at + 2), 16);
            return high < 0 || low < 0 || raw.charAt(at + 1) >= 128 || raw.charAt(at + 2) >= 128 ? -1 : high << 4 | low;
        }

        /** Why the escaped byte {@code value} (followed by the raw text from {@code next}) is refused, or null. */
        private static String refusal(int value, String raw, int next, int end) {
            if (value == '/') {
                return "an encoded slash";
            }
            if (value == '\\') {
                return "an encoded backslash";
            }
            if (value < 0x20 || value == 0x7F) {
                return "an encoded control character";
            }
            if (value == ';') {
                // servers disagree whether it starts a path parameter (Spring's matching says no, some decoders yes)
                return "an encoded semicolon";
            }
            if (value == '%' && next + 1 < end) {
                // %25 followed by hex: what a second decoding would make of it
                int high = Character.digit(raw.charAt(next), 16);
                int low = Character.digit(raw.charAt(next + 1), 16);
                if (high >= 0 && low >= 0 && raw.charAt(next) < 128 && raw.charAt(next + 1) < 128) {
                    // any of them: an upstream that decodes twice reads /site/%2561dmin as /site/admin, a path
                    // the route lookup never saw (a percent sign followed by anything else stays allowed)
                    return "a double-encoded character (%25 followed by two hex digits)";
                }
            }
            return null;
        }

        private static boolean isUtf8(CharSequence encoded) {
            ByteBuffer bytes = ByteBuffer.allocate(encoded.length());
            for (int i = 0; i < encoded.length(); i++) {
                char c = encoded.charAt(i);
                if (c == '%') {
                    bytes.put((byte) (Character.digit(encoded.charAt(i + 1), 16) << 4
                            | Character.digit(encoded.charAt(i + 2), 16)));
                    i += 2;
                }
                else {
                    bytes.put((byte) c);
                }
            }
            bytes.flip();
            try {
                StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
                return true;
            }
            catch (CharacterCodingException ex) {
                return false;
            }
        }
    }

    /** Character classes of RFC 3986 §2.3 and §3.3. */
    static final class Chars {

        static final char[] HEX = "0123456789ABCDEF".toCharArray();

        /** {@code ALPHA DIGIT - . _ ~} */
        static final boolean[] UNRESERVED = new boolean[128];

        /** {@code pchar} without {@code %}: unreserved, sub-delims, {@code :} and {@code @}. */
        static final boolean[] PCHAR = new boolean[128];

        /** What a canonical path may hold as it is: pchar without {@code %}, and {@code /}. */
        static final boolean[] PLAIN = new boolean[128];

        static {
            for (char c = 'a'; c <= 'z'; c++) {
                UNRESERVED[c] = true;
                UNRESERVED[Character.toUpperCase(c)] = true;
            }
            for (char c = '0'; c <= '9'; c++) {
                UNRESERVED[c] = true;
            }
            for (char c : "-._~".toCharArray()) {
                UNRESERVED[c] = true;
            }
            for (int c = 0; c < 128; c++) {
                PCHAR[c] = UNRESERVED[c] || "!$&'()*+,;=:@".indexOf(c) >= 0;
                PLAIN[c] = PCHAR[c] || c == '/';
            }
        }

        private Chars() {
        }
    }
}
