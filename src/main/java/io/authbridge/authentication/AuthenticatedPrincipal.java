package io.authbridge.authentication;

import java.util.UUID;

import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.TokenRecord;

/**
 * Who a request acts as, after its credential was checked: the token, the project it acts in, and what
 * it may do there. Scopes include their implications; a {@code user} scope holds every permission.
 *
 * @param token the token record
 * @param projectId the project the request acts in (the token's own, or the one a login token named in
 *     Basic), or null
 * @param organizationId the organization of that project or of the token, or null
 * @param scopes effective {@link Scope} mask
 * @param permissions effective {@link Permission} mask
 */
public record AuthenticatedPrincipal(TokenRecord token, UUID projectId, UUID organizationId, int scopes,
        int permissions) {

    /** The principal of {@code token}, acting in {@code projectId} of {@code organizationId}. */
    public static AuthenticatedPrincipal of(TokenRecord token, UUID projectId, UUID organizationId) {
        int scopes = effectiveScopes(token);
        int permissions = Scope.USER.in(scopes) ? Permission.ALL : token.permissions();
        return new AuthenticatedPrincipal(token, projectId, organizationId, scopes, permissions);
    }

    static int effectiveScopes(TokenRecord token) {
        if (token.isLogin()) {
            return Scope.withImplied(token.userGlobalAdmin() ? Scope.GLOBAL.bit() : Scope.USER.bit());
        }
        return Scope.withImplied(token.scopes() == 0 ? Scope.CLIENT.bit() : token.scopes());
    }

    public boolean hasAllScopes(int mask) {
        return (scopes & mask) == mask;
    }

    public boolean hasAllPermissions(int mask) {
        return (permissions & mask) == mask;
    }

    public boolean hasAnyPermission(int mask) {
        return (permissions & mask) != 0;
    }

    public boolean isGlobalAdmin() {
        return Scope.GLOBAL.in(scopes);
    }

    public UUID userId() {
        return token.userId();
    }

    public UUID tokenId() {
        return token.id();
    }
}
