package io.authbridge;

/**
 * Percent-escapes as a lenient server reads them, for recognising a secret's spellings (a path naming a token, a
 * query parameter naming a credential) whatever a client or a server behind did with them.
 */
public final class Escapes {

    private Escapes() {
    }

    /** Every valid escape decoded (as Latin-1: only ASCII matters here), invalid ones left as they are. */
    public static String decodeValid(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int high = c == '%' && i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (low >= 0) {
                out.append((char) ((high << 4) | low));
                i += 2;
            }
            else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
