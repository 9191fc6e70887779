package io.authbridge.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash under which token secrets are stored and cached: HMAC-SHA256 with the pepper, base64url.
 * Without the pepper, a copy of the store does not let anyone test guesses offline.
 */
public final class TokenHasher {

    private static final String ALGORITHM = "HmacSHA256";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    private final ThreadLocal<Mac> macs;

    public TokenHasher(byte[] pepper) {
        this.key = new SecretKeySpec(pepper, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public static TokenHasher from(SecurityProperties properties) {
        return new TokenHasher(TokenPepper.resolve(properties));
    }

    public String hash(String secret) {
        byte[] digest = macs.get().doFinal(secret.getBytes(StandardCharsets.UTF_8));
        return BASE64URL.encodeToString(digest);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HMAC-SHA256 is not available", ex);
        }
    }
}
