package io.authbridge.path;

/**
 * The canonical form of a raw (percent-encoded) request path, or why it has none. The rules, from RFC 3986
 * and from what Envoy ({@code normalize_path}, {@code merge_slashes}, {@code path_with_escaped_slashes_action})
 * and nginx ({@code merge_slashes}) do, strict where they offer a choice:
 * <ul>
 * <li>percent-encoded unreserved characters ({@code ALPHA DIGIT - . _ ~}) are decoded and the other escapes
 * written with upper-case hex (RFC 3986 §6.2.2.1, §6.2.2.2);</li>
 * <li>repeated slashes are merged (Envoy's {@code merge_slashes}, nginx's default);</li>
 * <li>{@code .} and {@code ..} segments are removed (RFC 3986 §5.2.4);</li>
 * <li>refused: a path that is not absolute; a backslash; a control, space or non-ASCII byte, raw or
 * encoded; an encoded {@code /} or {@code \} (Envoy's {@code REJECT_REQUEST}) or {@code ;} (servers disagree
 * whether it starts a path parameter); a dot segment spelled with an
 * encoded dot, or with a path parameter ({@code ..;x}, {@code ;x}: Tomcat and Jetty drop the parameter and
 * then resolve the dots); a {@code ..} above the root; an invalid escape; escapes that are not UTF-8
 * (overlong forms of {@code .} or {@code /} among them); an encoded {@code %} before the escape of a
 * character refused here ({@code %252e}: an upstream that decodes twice would see it); any character
 * RFC 3986 does not allow in a path.</li>
 * </ul>
 * The query is not part of the path and is never touched.
 */
public sealed interface CanonicalPath {

    /** The path in canonical form: {@link #path()} is the very string given when it was canonical already. */
    record Accepted(String path) implements CanonicalPath {
    }

    /** No safe canonical form; {@code reason} says why, in words for an operator (never a secret). */
    record Refused(String reason) implements CanonicalPath {
    }

    /** The canonical form of {@code rawPath}, the path of a request target as it was received (percent-encoded). */
    static CanonicalPath of(String rawPath) {
        return Canonicaliser.canonical(rawPath);
    }

    /**
     * Whether the gateway refuses a request for a byte in its query that is no visible ASCII character, sent raw
     * ({@link CanonicalPathWebFilter}); the explain API asks it too.
     */
    static boolean refusesQuery(String rawQuery) {
        return CanonicalPathWebFilter.hasRawByte(rawQuery);
    }
}
