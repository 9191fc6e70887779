package io.authbridge.directory;

import java.time.Instant;
import java.util.UUID;

/**
 * A project of an organization, or (with a parent) a subproject; one level of nesting only.
 */
public record Project(UUID id, UUID organizationId, UUID parentProjectId, String name, boolean deleteBotDataEnabled,
        Instant createdUtc, Instant updatedUtc) {

    public boolean isSubproject() {
        return parentProjectId != null;
    }
}
