package io.authbridge.credential;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import io.authbridge.Escapes;
import io.authbridge.credential.Credential.Form;
import io.authbridge.credential.CredentialResult.Malformed;
import io.authbridge.credential.CredentialResult.Present;

/**
 * The query parameters that carry a token: reading them from the raw query, and removing them before a
 * request is forwarded while leaving every other parameter exactly as the client encoded it. A parameter is a
 * credential whatever its spelling: its name is compared after percent-decoding and ignoring letter case
 * (Exceptionless, an ASP.NET application, reads query names so), and {@code ;} separates parameters as well as
 * {@code &} (some servers read it so). A name that is a credential name once everything but letters and digits
 * is dropped from both ({@code access_token[]}, {@code access.token}, {@code access token}, {@code accesstoken},
 * {@code ;access_token}: PHP reads {@code .}, space and {@code [} in a name as {@code _}), or once its
 * escapes are decoded more than once ({@code access%255Ftoken}: a server behind may decode twice), is a malformed
 * credential (401), and removed and never logged like the others.
 */
public final class QueryCredentials {

    /** The shortest secret a token can have (SPEC §12: an import refuses shorter ones; new ones have 40 characters). */
    public static final int SHORTEST_SECRET = 20;

    /** {@link #rank} of a name that only looks like a credential name. */
    private static final int LOOKALIKE = -2;

    /** Bounds the repeated decoding of a name that nests escapes ({@code %2525...}). */
    private static final int MAX_DECODINGS = 4;

    /** The configured names, lower-cased, in order of preference. */
    private final List<String> names;

    /** The configured names with their letters and digits only, for the lookalikes. */
    private final List<String> alphanumericNames;

    QueryCredentials(List<String> names) {
        this.names = names.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
        this.alphanumericNames = this.names.stream().map(QueryCredentials::alphanumeric).toList();
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
            int end = end(rawQuery, start);
            int equals = rawQuery.indexOf('=', start);
            int nameEnd = equals >= start && equals < end ? equals : end;
            int rank = rank(rawQuery, start, nameEnd);
            if (rank == LOOKALIKE) {
                return new Malformed("a query parameter spelled like a credential name");
            }
            if (rank >= 0 && nameEnd < end) {
                String value = decode(rawQuery, nameEnd + 1, end);
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
            start = end + 1;
        }
        if (secret == null) {
            return CredentialParser.absent();
        }
        return CredentialParser.token(secret, null, Form.QUERY, parameter);
    }

    /**
     * The raw query without any credential parameter (in any spelling), or the same instance when it has none.
     * Returns null when nothing is left.
     */
    public String strip(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty() || names.isEmpty()) {
            return rawQuery;
        }
        StringBuilder kept = null;
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = end(rawQuery, start);
            int equals = rawQuery.indexOf('=', start);
            int nameEnd = equals >= start && equals < end ? equals : end;
            boolean credential = rank(rawQuery, start, nameEnd) != -1;
            if (credential && kept == null) {
                kept = new StringBuilder(rawQuery.length());
                appendSegments(kept, rawQuery, 0, start);
            }
            else if (!credential && kept != null && end > start) {
                if (kept.length() > 0) {
                    // the separator the client wrote before this parameter
                    kept.append(rawQuery.charAt(start - 1));
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

    /**
     * The values of {@code rawQuery}'s parameters that {@code strip} removes (each tried alone), as written and
     * decoded, of {@code minLength} characters at least: what a credential parameter held, to look for elsewhere.
     */
    public static List<String> values(String rawQuery, UnaryOperator<String> strip, int minLength) {
        List<String> values = new ArrayList<>();
        if (rawQuery == null) {
            return values;
        }
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = end(rawQuery, start);
            int equals = rawQuery.indexOf('=', start);
            if (equals >= start && equals < end && strip.apply(rawQuery.substring(start, end)) == null) {
                String value = rawQuery.substring(equals + 1, end);
                for (String form : List.of(value, Escapes.decodeValid(value), Escapes.decodeValid(value.replace('+', ' ')))) {
                    if (form.length() >= minLength && !values.contains(form)) {
                        values.add(form);
                    }
                }
            }
            start = end + 1;
        }
        return values;
    }

    /** The values of {@code rawQuery}'s credential parameters, as {@link #values(String, UnaryOperator, int)}. */
    public List<String> values(String rawQuery, int minLength) {
        return values(rawQuery, this::strip, minLength);
    }

    /** Where the parameter starting at {@code start} ends: the next {@code &} or {@code ;}, or the end. */
    private static int end(String rawQuery, int start) {
        for (int i = start; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            if (c == '&' || c == ';') {
                return i;
            }
        }
        return rawQuery.length();
    }

    /**
     * The preference of the credential parameter named by {@code raw[from, to)}; {@link #LOOKALIKE} for a name
     * that is a credential name plus other characters, or whose escapes do not decode; -1 for any other name.
     */
    private int rank(String raw, int from, int to) {
        String name = decode(raw, from, to);
        if (name == null) {
            // cannot be read: a credential name behind invalid escapes is never let through
            name = raw.substring(from, to);
        }
        String folded = name.toLowerCase(Locale.ROOT);
        int rank = names.indexOf(folded);
        if (rank >= 0) {
            return rank;
        }
        String letters = alphanumeric(folded);
        if (alphanumericNames.contains(letters) || decode(raw, from, to) == null
                && alphanumericNames.stream().anyMatch(letters::contains)) {
            return LOOKALIKE;
        }
        // as a server behind might read it: decoding again, or leniently (valid escapes only: "%%320" as "%20")
        for (int i = 1; i < MAX_DECODINGS && name.indexOf('%') >= 0; i++) {
            String again = Escapes.decodeValid(name);
            if (again.equals(name)) {
                break;
            }
            name = again;
            if (alphanumericNames.contains(alphanumeric(name.toLowerCase(Locale.ROOT)))) {
                return LOOKALIKE;
            }
        }
        return -1;
    }

    /**
     * {@code name} with its letters and digits only: a server behind may read {@code .}, {@code +}, space,
     * {@code [} or {@code -} in a name as {@code _} (PHP does), or ignore them.
     */
    private static String alphanumeric(String name) {
        StringBuilder letters = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                letters.append(c);
            }
        }
        return letters.toString();
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
