package io.authbridge;

/**
 * Header names as the upstream might read them. CGI, WSGI, Rack and PHP read {@code X_Auth_User_Id} and
 * {@code X-Auth-User-Id} as the same variable, and Apache httpd turns every character of a name that is not a
 * letter or digit into {@code _}: a header the gateway must not forward has to be recognised in every such
 * spelling, not only in the one it is documented with.
 */
public final class HeaderNames {

    private HeaderNames() {
    }

    /** A name's character folded: ASCII letters in lower case, every character that is not a letter or digit as {@code -}. */
    public static char fold(char c) {
        if (c >= 'A' && c <= 'Z') {
            return (char) (c + ('a' - 'A'));
        }
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ? c : '-';
    }

    /** {@code name} folded character by character ({@link #fold(char)}). */
    public static String fold(CharSequence name) {
        StringBuilder folded = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            folded.append(fold(name.charAt(i)));
        }
        return folded.toString();
    }

    /** Whether {@code name}, folded, starts with {@code foldedPrefix} (a prefix already folded). */
    public static boolean startsWithFolded(CharSequence name, String foldedPrefix) {
        if (name.length() < foldedPrefix.length()) {
            return false;
        }
        for (int i = 0; i < foldedPrefix.length(); i++) {
            if (fold(name.charAt(i)) != foldedPrefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
