package io.authbridge.server;

/**
 * Which of RFC 9112 §3.2's request-target forms a target takes, and whether the gateway serves it: origin-form
 * ({@code /path?query}), absolute-form with an {@code http} or {@code https} scheme in any letter case
 * ({@code http://authority/path?query}, its authority then checked against {@code Host}), and asterisk-form
 * ({@code *}) for {@code OPTIONS} only, which no route serves. Any other target ({@code ://a/x}, {@code host:80/x},
 * {@code http:/x}, {@code ftp://a/x}, CONNECT's authority-form {@code host:443}, a fragment) is no request target the
 * gateway serves: Spring would route it on a path taken out of it while a front proxy reading it by the RFC may see
 * another path or authority. One scan over the form only; the characters of the path and query are the other
 * checks' (a target that is no URI, the canonical path).
 */
final class RequestTargetForm {

    /** The refusal of a target in none of the forms the gateway serves: a 400. */
    static final String MALFORMED_REFUSAL = "a request target that is neither origin-form nor absolute-form";

    /** The refusal of {@code OPTIONS *}: a question about the server as a whole, which no route serves (a 404). */
    static final String ASTERISK_REFUSAL = "the asterisk-form of OPTIONS";

    private RequestTargetForm() {
    }

    /**
     * Null for an origin-form target and an {@code http}/{@code https} absolute-form one; {@link #ASTERISK_REFUSAL}
     * for {@code OPTIONS *}; else {@link #MALFORMED_REFUSAL}. A fragment is in no form (RFC 9112 §3.2).
     */
    static String refusal(String method, String target) {
        if (target.indexOf('#') >= 0) {
            return MALFORMED_REFUSAL;
        }
        if (target.startsWith("/")) {
            return null;
        }
        if (target.equals("*")) {
            return "OPTIONS".equals(method) ? ASTERISK_REFUSAL : MALFORMED_REFUSAL;
        }
        return isAbsoluteForm(target) ? null : MALFORMED_REFUSAL;
    }

    /**
     * Whether the target is {@code scheme "://" authority path-abempty [ "?" query ]} with an {@code http} or
     * {@code https} scheme in any letter case, fragments aside ({@link #refusal}): the authority runs to the first
     * {@code /} or {@code ?}, so what follows it is a path-abempty and a query, or nothing. The authority itself must
     * be the {@code Host} header ({@link RequestHeadCheck#authorityRefusal}).
     */
    static boolean isAbsoluteForm(String target) {
        return target.regionMatches(true, 0, "http://", 0, 7) || target.regionMatches(true, 0, "https://", 0, 8);
    }

    /**
     * The path a target in no served form ends in, for the refusal's route and access-log line: whatever precedes
     * its first {@code /} and then a {@code //authority} removed ({@code ://a.example/x}, {@code a.example:80/x} and
     * {@code http:/x} all end in {@code /x}), as Spring's adapter reads such targets; {@code /} when nothing is left.
     */
    static String pathOf(String target) {
        int slash = target.indexOf('/');
        if (slash < 0) {
            return "/";
        }
        int path = slash;
        if (target.startsWith("//", slash)) {
            path = target.length();
            for (int i = slash + 2; i < target.length(); i++) {
                char c = target.charAt(i);
                if (c == '/' || c == '?' || c == '#') {
                    path = i;
                    break;
                }
            }
        }
        return path < target.length() && target.charAt(path) == '/' ? target.substring(path) : "/";
    }
}
