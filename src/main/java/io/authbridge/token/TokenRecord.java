package io.authbridge.token;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * What the data plane needs to know about a token: who it belongs to and what it may do. This is the
 * cached value, so it holds no names, notes or timestamps other than the expiry.
 *
 * @param id the public id of the token (never the secret)
 * @param kind API key or login token
 * @param organizationId owning organization; null for a login token
 * @param projectId owning project; null for a login token or an organization-wide key
 * @param userId the user a login token acts for; null for API keys
 * @param scopes the granted scopes as a {@link Scope} mask, implications not yet added
 * @param permissions the granted permissions as a {@link Permission} mask
 * @param disabled whether the token was disabled
 * @param expiresAt when the token stops working, or null
 * @param userOrganizationIds for login tokens, the organizations of the user; empty otherwise
 * @param userGlobalAdmin for login tokens, whether the user is a global administrator
 * @param userActive for login tokens, whether the user may still sign in
 */
public record TokenRecord(UUID id, TokenKind kind, UUID organizationId, UUID projectId, UUID userId, int scopes,
        int permissions, boolean disabled, Instant expiresAt, Set<UUID> userOrganizationIds, boolean userGlobalAdmin,
        boolean userActive) {

    public TokenRecord {
        userOrganizationIds = Set.copyOf(userOrganizationIds);
    }

    public boolean isLogin() {
        return kind == TokenKind.LOGIN;
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    /** Whether this token may authenticate a request at {@code now}. */
    public boolean usableAt(Instant now) {
        return !disabled && !expiredAt(now) && (!isLogin() || userActive);
    }
}
