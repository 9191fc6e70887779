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

    /**
     * The API key (public id) that mints what this caller creates, or null for a user's login token: a token a key
     * mints lives and dies with that key (disabled with it, deleted with it), while what a person creates through
     * a session is the project's and outlives the session, as Exceptionless's keys outlive a logout.
     */
    public UUID mintingKey() {
        return principal.token().isLogin() ? null : principal.tokenId();
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
