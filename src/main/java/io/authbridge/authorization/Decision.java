package io.authbridge.authorization;

import io.authbridge.token.Permission;
import io.authbridge.token.Scope;

/**
 * What {@link AccessRules} decided about a caller and a route's {@link RouteRequirements}: allowed, or what
 * is missing. The gateway only needs {@link #allowed()}; the explain API shows each part.
 *
 * @param unauthenticated there is no authenticated caller (a public route with {@code Authorize}): 401
 * @param missingScopes the {@link Scope} mask of required scopes the caller lacks
 * @param missingPermissions the {@link Permission} mask of required permissions the caller lacks
 * @param missingAnyPermissions the {@link Permission} mask of which the caller holds none but needs one; 0
 *     when satisfied or not required
 * @param otherProject the project named in the path is not one the caller may act in
 */
public record Decision(boolean unauthenticated, int missingScopes, int missingPermissions, int missingAnyPermissions,
        boolean otherProject) {

    public static final Decision ALLOWED = new Decision(false, 0, 0, 0, false);

    public static final Decision UNAUTHENTICATED = new Decision(true, 0, 0, 0, false);

    static final Decision OTHER_PROJECT = new Decision(false, 0, 0, 0, true);

    /** {@link #ALLOWED} when nothing is missing, without allocating. */
    static Decision of(int missingScopes, int missingPermissions, int missingAnyPermissions, boolean otherProject) {
        if (missingScopes == 0 && missingPermissions == 0 && missingAnyPermissions == 0) {
            return otherProject ? OTHER_PROJECT : ALLOWED;
        }
        return new Decision(false, missingScopes, missingPermissions, missingAnyPermissions, otherProject);
    }

    public boolean allowed() {
        return !unauthenticated && missingScopes == 0 && missingPermissions == 0 && missingAnyPermissions == 0
                && !otherProject;
    }

    /** Both decisions' refusals: a route with two {@code Authorize} filters needs both to allow. */
    public Decision and(Decision other) {
        return new Decision(unauthenticated || other.unauthenticated, missingScopes | other.missingScopes,
                missingPermissions | other.missingPermissions, missingAnyPermissions | other.missingAnyPermissions,
                otherProject || other.otherProject);
    }
}
