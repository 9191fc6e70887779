package io.authbridge.token;

import java.util.UUID;

/**
 * Where a project sits: its organization and, for a subproject, its parent.
 *
 * @param id the project id
 * @param organizationId the organization that owns it
 * @param parentProjectId the parent of a subproject, or null for a top-level project
 */
public record ProjectRecord(UUID id, UUID organizationId, UUID parentProjectId) {
}
