package io.authbridge.load;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The tokens one simulation run minted: Bearer API keys from the Exceptionless dialect and permission
 * tokens from the SignalWire dialect, all in one project.
 */
record Provisioned(String projectId, List<String> bearer, List<String> basic) {

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    Provisioned {
        bearer = List.copyOf(bearer);
        basic = List.copyOf(basic);
    }

    String basicHeader(String token) {
        return basic(projectId, token);
    }

    static String basic(String projectId, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((projectId + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    /** 40 random base62 characters: shaped like a real token, known to no store. */
    static String randomToken() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] token = new char[40];
        for (int i = 0; i < token.length; i++) {
            token[i] = BASE62[random.nextInt(BASE62.length)];
        }
        return new String(token);
    }
}
