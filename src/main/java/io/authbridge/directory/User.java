package io.authbridge.directory;

import java.time.Instant;
import java.util.UUID;

/**
 * A person who logs in. {@code passwordHash} is a bcrypt hash; {@link #toString()} leaves it out.
 */
public record User(UUID id, String email, String fullName, String passwordHash, boolean globalAdmin, boolean active,
        Instant createdUtc, Instant updatedUtc) {

    @Override
    public String toString() {
        return "User[id=" + id + ", email=" + email + ", globalAdmin=" + globalAdmin + ", active=" + active + "]";
    }
}
