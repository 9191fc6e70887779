package io.authbridge.management.access;

import java.util.Set;
import java.util.UUID;

/**
 * Which organizations a caller sees: all of them for a global administrator, the user's organizations for a
 * login token, the token's own organization for an API key. Anything outside is answered as if it did not
 * exist.
 *
 * @param all whether every organization is visible
 * @param organizations the visible organizations when not {@code all}
 */
record Visibility(boolean all, Set<UUID> organizations) {

    static final Visibility EVERYTHING = new Visibility(true, Set.of());

    boolean sees(UUID organizationId) {
        return all || organizations.contains(organizationId);
    }
}
