package io.authbridge.management.access;

import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;

/** What a caller must be for an {@link Operation}. */
public enum Requirement {

    /** The {@code user} scope: a login token, or an API key with {@code user} (or {@code global}). */
    USER {
        @Override
        boolean metBy(AuthenticatedPrincipal caller) {
            return caller.hasAllScopes(Scope.USER.bit());
        }
    },

    /** A user's login token: never an API key, whatever its scopes, as Exceptionless has it. */
    LOGIN {
        @Override
        boolean metBy(AuthenticatedPrincipal caller) {
            return caller.token().isLogin();
        }
    },

    /** The login token of a global administrator: never an API key, whatever its scopes. */
    GLOBAL_ADMIN {
        @Override
        boolean metBy(AuthenticatedPrincipal caller) {
            return Access.isGlobalAdministrator(caller);
        }
    },

    /**
     * Acting in one project with the {@code management} permission, as SignalWire has it: given to an API key
     * itself, not implied by its {@code user} scope ({@link Access#grantablePermissions}).
     */
    MANAGEMENT {
        @Override
        boolean metBy(AuthenticatedPrincipal caller) {
            return caller.projectId() != null && Permission.MANAGEMENT.in(Access.grantablePermissions(caller));
        }
    };

    abstract boolean metBy(AuthenticatedPrincipal caller);
}
