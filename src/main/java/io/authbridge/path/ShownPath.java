package io.authbridge.path;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.authbridge.Escapes;

/**
 * A request path as it may be shown in a log line (the access log's and every other) or an error body: the one
 * place that masks a path. The management APIs address a token by a path segment ({@code /api/v2/tokens/{id}}:
 * an Exceptionless key's id is its secret; and a caller may put a secret where {@code /api/project/tokens/{id}}
 * expects an id), and an upstream behind a route may do the same: every segment after a {@code tokens} segment,
 * on any path, is shown as {@code ***} (SPEC §10), a public id as well (an imported secret may have a public
 * id's shape; the access line names the caller's token by its public id in a field of its own). The path is
 * recognised in any spelling a client may send, canonical or not (percent escapes, decoded repeatedly; letter
 * case; path parameters {@code ;x}; repeated slashes; backslashes; dot segments), so that a refused or unrouted
 * spelling is masked too.
 */
public final class ShownPath {

    /** What replaces the segments that may hold a secret. */
    public static final String MASK = "***";

    /** The one path with a fixed word after its {@code tokens} segment. */
    private static final List<String> IMPORT = List.of("api", "v2", "admin", "tokens", "import");

    /** Bounds the repeated decoding of a path that nests escapes ({@code %2525...}). */
    private static final int MAX_DECODINGS = 4;

    private ShownPath() {
    }

    /**
     * {@code path} unchanged when no segment of it can carry a secret; otherwise its normalised form up to the
     * {@code tokens} segment, then {@code ***}.
     */
    public static String of(String path) {
        if (path == null || path.length() < 8 || !mayNameATokensSegment(path)) {
            return path;
        }
        List<String> segments = segments(path);
        for (int i = 0; i < segments.size() - 1; i++) {
            if (segments.get(i).equals("tokens")) {
                return segments.equals(IMPORT) ? path
                        : "/" + String.join("/", segments.subList(0, i + 1)) + "/" + MASK;
            }
        }
        return path;
    }

    /** A cheap test that the path may name a tokens segment in some spelling, so most paths skip the work. */
    private static boolean mayNameATokensSegment(String path) {
        if (path.indexOf('%') >= 0) {
            return true;
        }
        for (int i = path.length() - 6; i >= 0; i--) {
            // no other character folds to t: only there is the rest compared, as String.equalsIgnoreCase compares
            char first = path.charAt(i);
            if ((first == 't' || first == 'T') && path.regionMatches(true, i + 1, "okens", 0, 5)) {
                return true;
            }
        }
        return false;
    }

    /** The segments as a server that decodes, folds case and drops path parameters would read them. */
    private static List<String> segments(String path) {
        String decoded = path;
        for (int i = 0; i < MAX_DECODINGS && decoded.indexOf('%') >= 0; i++) {
            String next = Escapes.decodeValid(decoded);
            if (next.equals(decoded)) {
                break;
            }
            decoded = next;
        }
        List<String> segments = new ArrayList<>();
        for (String raw : decoded.replace('\\', '/').split("/")) {
            int parameters = raw.indexOf(';');
            String segment = (parameters >= 0 ? raw.substring(0, parameters) : raw).strip().toLowerCase(Locale.ROOT);
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
                continue;
            }
            segments.add(segment);
        }
        return segments;
    }
}
