package io.authbridge.token;

import java.time.Instant;
import java.util.UUID;

/**
 * What to mint.
 *
 * @param kind API key or login token
 * @param organizationId owning organization (null for a login token)
 * @param projectId owning project (null for a login token or an organization key)
 * @param userId for a login token, its user
 * @param name a display name (SignalWire tokens)
 * @param notes free text (Exceptionless tokens)
 * @param scopes {@link Scope} mask, implications included
 * @param permissions {@link Permission} mask
 * @param expiresUtc when it stops working, or null
 * @param createdBy the user who asked for it, or null
 * @param style how the secret looks
 * @param mintedBy the API key (public id) whose management request mints it, or null when a user's login token does:
 *     the new token is disabled while that key is and deleted with it ({@link TokenService})
 */
public record NewToken(TokenKind kind, UUID organizationId, UUID projectId, UUID userId, String name, String notes,
        int scopes, int permissions, Instant expiresUtc, UUID createdBy, SecretStyle style, UUID mintedBy) {

    /** A token no API key mints: a login token, or one a user's login token asks for. */
    public NewToken(TokenKind kind, UUID organizationId, UUID projectId, UUID userId, String name, String notes,
            int scopes, int permissions, Instant expiresUtc, UUID createdBy, SecretStyle style) {
        this(kind, organizationId, projectId, userId, name, notes, scopes, permissions, expiresUtc, createdBy, style, null);
    }

    /** The look of a new secret: Exceptionless's 40 base62 characters or SignalWire's {@code PT} + hex. */
    public enum SecretStyle {
        EXCEPTIONLESS, SIGNALWIRE
    }
}
