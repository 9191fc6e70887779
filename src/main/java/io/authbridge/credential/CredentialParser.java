package io.authbridge.credential;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import io.authbridge.Uuids;
import io.authbridge.credential.CredentialResult.Absent;
import io.authbridge.credential.CredentialResult.Malformed;
import io.authbridge.credential.CredentialResult.Present;
import io.authbridge.credential.Credential.Form;

/**
 * Reads the credential of a request: {@code Authorization: Bearer|Token <token>}, {@code Basic} with a
 * project id, {@code client:<token>} or {@code <token>:x-oauth-basic}, and, only when no
 * {@code Authorization} header is present, the configured query parameters. Never throws: whatever the
 * client sent is {@link Absent}, {@link Present} or {@link Malformed}.
 */
public final class CredentialParser {

    /** Longest {@code Authorization} value read; longer ones are malformed rather than parsed. */
    static final int MAX_HEADER_LENGTH = 4096;

    /** Longest secret accepted; real ones are 40 or 50 characters. */
    static final int MAX_SECRET_LENGTH = 512;

    private static final Absent ABSENT = new Absent();

    private final QueryCredentials query;

    public CredentialParser(List<String> queryParameters) {
        this.query = new QueryCredentials(queryParameters);
    }

    public QueryCredentials queryCredentials() {
        return query;
    }

    /**
     * @param authorization every {@code Authorization} header value of the request (may be null or empty)
     * @param rawQuery the raw (still percent-encoded) query string, or null
     */
    public CredentialResult parse(List<String> authorization, String rawQuery) {
        if (authorization == null || authorization.isEmpty()) {
            return query.parse(rawQuery);
        }
        String value = authorization.get(0);
        for (int i = 1; i < authorization.size(); i++) {
            if (!authorization.get(i).equals(value)) {
                return new Malformed("several different Authorization headers");
            }
        }
        CredentialResult fromHeader = parseHeader(value);
        if (fromHeader instanceof Present present) {
            CredentialResult fromQuery = query.parse(rawQuery);
            if (fromQuery instanceof Malformed) {
                return fromQuery;
            }
            if (fromQuery instanceof Present other && !other.credential().secret().equals(present.credential().secret())) {
                return new Malformed("a different credential in both the Authorization header and the query");
            }
        }
        return fromHeader;
    }

    static CredentialResult parseHeader(String value) {
        if (value.length() > MAX_HEADER_LENGTH) {
            return new Malformed("oversized Authorization header");
        }
        if (!isVisibleAsciiOrSpace(value)) {
            return new Malformed("control or non-ASCII characters in the Authorization header");
        }
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            return new Malformed("empty Authorization header");
        }
        int space = trimmed.indexOf(' ');
        if (space < 0) {
            return new Malformed("Authorization scheme without credentials");
        }
        String scheme = trimmed.substring(0, space);
        String parameter = trimmed.substring(space + 1).stripLeading();
        if (scheme.equalsIgnoreCase("bearer")) {
            return token(parameter, null, Form.BEARER, null);
        }
        if (scheme.equalsIgnoreCase("token")) {
            return token(parameter, null, Form.TOKEN, null);
        }
        if (scheme.equalsIgnoreCase("basic")) {
            return basic(parameter);
        }
        return new Malformed("unsupported Authorization scheme");
    }

    private static CredentialResult basic(String encoded) {
        if (encoded.indexOf(' ') >= 0) {
            return new Malformed("spaces inside Basic credentials");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded);
        }
        catch (IllegalArgumentException ex) {
            return new Malformed("Basic credentials are not base64 of UTF-8 text");
        }
        // project ids, tokens and the words "client" and "x-oauth-basic" are ASCII: anything else is malformed
        // (String.equalsIgnoreCase would take a dotless i or a long s for their letters)
        int colon = -1;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b < 0) {
                return isUtf8(bytes) ? new Malformed("non-ASCII characters in Basic credentials")
                        : new Malformed("Basic credentials are not base64 of UTF-8 text");
            }
            if (b < ' ' || b == 0x7F) {
                return new Malformed("control characters in Basic credentials");
            }
            if (b == ':' && colon < 0) {
                colon = i;
            }
        }
        if (colon < 0) {
            return new Malformed("Basic credentials without a colon");
        }
        if (equalsIgnoreCase(bytes, 0, colon, "client")) {
            return token(ascii(bytes, colon + 1, bytes.length), null, Form.BASIC_CLIENT, null);
        }
        if (equalsIgnoreCase(bytes, colon + 1, bytes.length, "x-oauth-basic")) {
            return token(ascii(bytes, 0, colon), null, Form.BASIC_X_OAUTH, null);
        }
        UUID projectId = Uuids.parse(bytes, 0, colon);
        if (projectId == null) {
            return new Malformed("Basic user name is not a project id");
        }
        return token(ascii(bytes, colon + 1, bytes.length), projectId, Form.BASIC, null);
    }

    private static String ascii(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
    }

    /** Whether {@code bytes[from, to)} are {@code word} (lower-case ASCII) in any case. */
    private static boolean equalsIgnoreCase(byte[] bytes, int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (Character.toLowerCase(bytes[from + i]) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes));
            return true;
        }
        catch (CharacterCodingException ex) {
            return false;
        }
    }

    static CredentialResult token(String secret, UUID projectId, Form form, String queryParameter) {
        if (secret.isEmpty()) {
            return new Malformed("empty token");
        }
        if (secret.length() > MAX_SECRET_LENGTH) {
            return new Malformed("oversized token");
        }
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c <= ' ' || c >= 0x7F) {
                return new Malformed("whitespace, control or non-ASCII characters in the token");
            }
        }
        return new Present(new Credential(secret, projectId, form, queryParameter));
    }

    private static boolean isVisibleAsciiOrSpace(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < ' ' && c != '\t') || c >= 0x7F) {
                return false;
            }
        }
        return true;
    }

    static Absent absent() {
        return ABSENT;
    }
}
