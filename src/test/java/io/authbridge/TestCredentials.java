package io.authbridge;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The credential headers of the tests, as clients send them. */
public final class TestCredentials {

    private TestCredentials() {
    }

    /** {@code Basic base64(user:password)}; the user is a project id, {@code client}, or a token. */
    public static String basic(Object user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
