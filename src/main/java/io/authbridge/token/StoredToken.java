package io.authbridge.token;

import java.time.Instant;
import java.util.UUID;

/**
 * A token row as management sees it. It holds the keyed hash of the secret (to invalidate caches), never
 * the secret itself.
 *
 * @param disabled whether the token itself was disabled
 * @param mintedBy the API key that minted it through a management API, or null (a user's, an import)
 * @param minterDisabled whether a key up its minting chain is disabled, which disables it too until re-enabled
 */
public record StoredToken(UUID id, String secretHash, TokenKind kind, UUID organizationId, UUID projectId, UUID userId,
        String name, String notes, int scopes, int permissions, boolean disabled, Instant expiresUtc, UUID createdBy,
        Instant createdUtc, Instant updatedUtc, Instant lastUsedUtc, UUID mintedBy, boolean minterDisabled) {

    /** A token no API key minted (an import, a user's). */
    public StoredToken(UUID id, String secretHash, TokenKind kind, UUID organizationId, UUID projectId, UUID userId,
            String name, String notes, int scopes, int permissions, boolean disabled, Instant expiresUtc, UUID createdBy,
            Instant createdUtc, Instant updatedUtc, Instant lastUsedUtc) {
        this(id, secretHash, kind, organizationId, projectId, userId, name, notes, scopes, permissions, disabled,
                expiresUtc, createdBy, createdUtc, updatedUtc, lastUsedUtc, null, false);
    }

    StoredToken withMinterDisabled(boolean minterDisabled) {
        return new StoredToken(id, secretHash, kind, organizationId, projectId, userId, name, notes, scopes, permissions,
                disabled, expiresUtc, createdBy, createdUtc, updatedUtc, lastUsedUtc, mintedBy, minterDisabled);
    }

    /** Whether the token is refused as disabled: disabled itself, or a key up its minting chain is. */
    public boolean effectivelyDisabled() {
        return disabled || minterDisabled;
    }

    @Override
    public String toString() {
        return "StoredToken[id=" + id + ", kind=" + kind + ", projectId=" + projectId + ", userId=" + userId + "]";
    }
}
