package io.authbridge.path;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How a lenient upstream (Tomcat, say) reads a raw path: path parameters dropped from each segment, then the
 * segment decoded, empty segments merged, dot segments resolved (never above the root). The independent
 * reading the tests hold the gateway's canonical path against.
 */
public final class LenientReading {

    private LenientReading() {
    }

    /** The decoded path such a server serves, or null when it could not decode it at all. */
    public static String of(String raw) {
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = raw.split("/", -1);
        try {
            for (int i = 1; i < parts.length; i++) {
                String part = parts[i];
                String name = URLDecoder.decode((part.contains(";") ? part.substring(0, part.indexOf(';')) : part)
                    .replace("+", "%2B"), StandardCharsets.UTF_8);
                if (name.equals("..")) {
                    segments.pollLast();
                }
                else if (!name.isEmpty() && !name.equals(".")) {
                    segments.addLast(name);
                }
            }
        }
        catch (IllegalArgumentException invalidEscape) {
            return null;
        }
        return "/" + String.join("/", segments);
    }

    /** Whether {@code path} is {@code prefix} or lies under it, segment-wise. */
    public static boolean isUnder(String path, String prefix) {
        return path != null && (path.equals(prefix) || path.startsWith(prefix + "/"));
    }
}
