package io.authbridge.token;

import java.time.Instant;
import java.util.UUID;

/**
 * A token row as management sees it. It holds the keyed hash of the secret (to invalidate caches), never
 * the secret itself.
 */
public record StoredToken(UUID id, String secretHash, TokenKind kind, UUID organizationId, UUID projectId, UUID userId,
        String name, String notes, int scopes, int permissions, boolean disabled, Instant expiresUtc, UUID createdBy,
        Instant createdUtc, Instant updatedUtc, Instant lastUsedUtc) {

    public StoredToken withChanges(String name, String notes, int permissions, boolean disabled, Instant updatedUtc) {
        return new StoredToken(id, secretHash, kind, organizationId, projectId, userId, name, notes, scopes, permissions,
                disabled, expiresUtc, createdBy, createdUtc, updatedUtc, lastUsedUtc);
    }

    @Override
    public String toString() {
        return "StoredToken[id=" + id + ", kind=" + kind + ", projectId=" + projectId + ", userId=" + userId + "]";
    }
}
