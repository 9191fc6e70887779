package io.authbridge.directory;

import java.time.Instant;
import java.util.UUID;

/** An organization: it owns projects and has users as members. */
public record Organization(UUID id, String name, Instant createdUtc, Instant updatedUtc) {
}
