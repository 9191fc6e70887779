package io.authbridge.management;

import java.util.UUID;

import io.authbridge.authentication.AuthenticatedPrincipal;

/**
 * Who made a management request and from where, resolved once before its handler runs: the services decide
 * on the principal, and the audit log records both.
 *
 * @param principal the authenticated token and what it may do
 * @param clientIp the address the request came from (for the audit log)
 */
public record Caller(AuthenticatedPrincipal principal, String clientIp) {

    public UUID userId() {
        return principal.userId();
    }

    public UUID tokenId() {
        return principal.tokenId();
    }

    /** The project the caller acts in, or null. */
    public UUID projectId() {
        return principal.projectId();
    }

    /** The organization of that project or of the token, or null. */
    public UUID organizationId() {
        return principal.organizationId();
    }
}
