package io.authbridge.token;

import java.security.SecureRandom;

/**
 * New token secrets. Exceptionless-style secrets are 40 base62 characters (238 bits), as Exceptionless
 * mints them; SignalWire-style secrets are {@code PT} and 48 hex digits (192 bits), as SignalWire's look.
 */
public final class TokenSecrets {

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    /** 40 characters from [A-Za-z0-9], uniformly (rejection sampling, no modulo bias). */
    public static String exceptionlessStyle() {
        char[] out = new char[40];
        int filled = 0;
        byte[] buffer = new byte[64];
        while (filled < out.length) {
            RANDOM.nextBytes(buffer);
            for (int i = 0; i < buffer.length && filled < out.length; i++) {
                int value = buffer[i] & 0xFF;
                if (value < 248) {
                    out[filled++] = BASE62[value % 62];
                }
            }
        }
        return new String(out);
    }

    /** {@code PT} followed by 48 lowercase hex digits. */
    public static String signalWireStyle() {
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        char[] out = new char[50];
        out[0] = 'P';
        out[1] = 'T';
        for (int i = 0; i < random.length; i++) {
            out[2 + i * 2] = HEX[(random[i] >> 4) & 0xF];
            out[3 + i * 2] = HEX[random[i] & 0xF];
        }
        return new String(out);
    }
}
