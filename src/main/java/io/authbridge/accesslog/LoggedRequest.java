package io.authbridge.accesslog;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import io.authbridge.Uuids;

/**
 * The path and query of a request as the access log writes them: never a secret. A path segment after a
 * {@code tokens} segment (any letter case, percent-encoded or not: {@code /api/v2/tokens/{token}},
 * {@code /api/project/tokens/{id}}, which both take a token's secret as well as its public id) is written as
 * {@code ***} unless it is a public id (a UUID; comma-separated lists item by item). A query parameter named as a
 * credential parameter in another letter case than configured ({@code ACCESS_TOKEN}, {@code Api_Key}), which
 * the credential parser does not strip, has its value written as {@code ***}.
 */
final class LoggedRequest {

    static final String MASK = "***";

    private LoggedRequest() {
    }

    static String path(String rawPath) {
        int tokens = rawPath.toLowerCase(Locale.ROOT).indexOf("tokens");
        int encoded = rawPath.indexOf('%');
        if (tokens < 0 && encoded < 0) {
            return rawPath; // the common case: nothing to look at
        }
        String[] segments = rawPath.split("/", -1);
        boolean afterTokens = false;
        boolean changed = false;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                continue;
            }
            if (afterTokens) {
                String masked = masked(segment);
                changed |= !masked.equals(segment);
                segments[i] = masked;
            }
            afterTokens = "tokens".equals(decodedRepeatedly(segment).toLowerCase(Locale.ROOT));
        }
        return changed ? String.join("/", segments) : rawPath;
    }

    /** Each comma-separated item of a segment: kept when it is a public id, else masked. */
    private static String masked(String segment) {
        String[] items = segment.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            if (!items[i].isEmpty() && Uuids.parse(decoded(items[i])) == null) {
                items[i] = MASK;
            }
        }
        return String.join(",", items);
    }

    static String query(String rawQuery, List<String> credentialNames) {
        if (rawQuery == null || rawQuery.isEmpty() || credentialNames.isEmpty()) {
            return rawQuery;
        }
        String[] parameters = rawQuery.split("&", -1);
        boolean changed = false;
        for (int i = 0; i < parameters.length; i++) {
            int equals = parameters[i].indexOf('=');
            String name = decodedRepeatedly(equals < 0 ? parameters[i] : parameters[i].substring(0, equals)).trim();
            for (String credential : credentialNames) {
                if (credential.equalsIgnoreCase(name) && equals >= 0) {
                    parameters[i] = parameters[i].substring(0, equals + 1) + MASK;
                    changed = true;
                }
            }
        }
        return changed ? String.join("&", parameters) : rawQuery;
    }

    /** Decoded until nothing changes (a client or proxy may have encoded it twice), at most three times. */
    private static String decodedRepeatedly(String raw) {
        String text = raw;
        for (int i = 0; i < 3; i++) {
            String next = decoded(text);
            if (next.equals(text)) {
                break;
            }
            text = next;
        }
        return text;
    }

    private static String decoded(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException malformed) {
            return raw;
        }
    }
}
