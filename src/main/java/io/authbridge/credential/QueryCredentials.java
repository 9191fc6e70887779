package io.authbridge.credential;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import io.authbridge.credential.Credential.Form;
import io.authbridge.credential.CredentialResult.Malformed;
import io.authbridge.credential.CredentialResult.Present;

/**
 * The query parameters that carry a token: reading them from the raw query, and removing them before a
 * request is forwarded while leaving every other parameter exactly as the client encoded it.
 */
public final class QueryCredentials {

    private final List<String> names;

    private final Set<String> nameSet;

    QueryCredentials(List<String> names) {
        this.names = List.copyOf(names);
        this.nameSet = Set.copyOf(names);
    }

    /** The configured credential parameter names, in order. */
    public List<String> names() {
        return names;
    }

    /** Reads the first configured parameter with a value; several different values are malformed. */
    CredentialResult parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty() || names.isEmpty()) {
            return CredentialParser.absent();
        }
        String secret = null;
        String parameter = null;
        int parameterRank = Integer.MAX_VALUE;
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            int equals = rawQuery.indexOf('=', start);
            if (equals > start && equals < end) {
                String name = decode(rawQuery, start, equals);
                int rank = name == null ? -1 : names.indexOf(name);
                if (rank >= 0) {
                    String value = decode(rawQuery, equals + 1, end);
                    if (value == null) {
                        return new Malformed("undecodable query credential");
                    }
                    if (!value.isEmpty()) {
                        if (secret != null && !secret.equals(value)) {
                            return new Malformed("several different query credentials");
                        }
                        secret = value;
                        if (rank < parameterRank) {
                            parameterRank = rank;
                            parameter = names.get(rank);
                        }
                    }
                }
            }
            start = end + 1;
        }
        if (secret == null) {
            return CredentialParser.absent();
        }
        return CredentialParser.token(secret, null, Form.QUERY, parameter);
    }

    /**
     * The raw query without any credential parameter, or the same instance when it has none. Returns
     * null when nothing is left.
     */
    public String strip(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty() || names.isEmpty()) {
            return rawQuery;
        }
        StringBuilder kept = null;
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            int equals = rawQuery.indexOf('=', start);
            int nameEnd = equals > start && equals < end ? equals : end;
            String name = decode(rawQuery, start, nameEnd);
            boolean credential = name != null && nameSet.contains(name);
            if (credential && kept == null) {
                kept = new StringBuilder(rawQuery.length());
                appendSegments(kept, rawQuery, 0, start);
            }
            else if (!credential && kept != null && end > start) {
                if (kept.length() > 0) {
                    kept.append('&');
                }
                kept.append(rawQuery, start, end);
            }
            start = end + 1;
        }
        if (kept == null) {
            return rawQuery;
        }
        return kept.length() == 0 ? null : kept.toString();
    }

    private static void appendSegments(StringBuilder out, String rawQuery, int from, int to) {
        // the segments before the first credential, without the trailing '&'
        if (to > from) {
            out.append(rawQuery, from, to - 1);
        }
    }

    /** Percent-decodes {@code raw[from, to)} ('+' as space); null when it is not valid UTF-8 escapes. */
    static String decode(String raw, int from, int to) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == '+') {
                plain = false;
                break;
            }
        }
        if (plain) {
            return raw.substring(from, to);
        }
        byte[] bytes = new byte[to - from];
        int length = 0;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes[length++] = ' ';
            }
            else if (c == '%') {
                if (i + 2 >= to) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes[length++] = (byte) ((high << 4) | low);
                i += 2;
            }
            else if (c > 0x7F) {
                return null;
            }
            else {
                bytes[length++] = (byte) c;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes, 0, length))
                .toString();
        }
        catch (java.nio.charset.CharacterCodingException ex) {
            return null;
        }
    }
}
