package io.authbridge.authorization;

import java.util.List;

import io.authbridge.token.Permission;
import io.authbridge.token.Scope;

/**
 * What one {@code Authorize} filter demands of a caller, resolved from its arguments once.
 *
 * @param scopes the {@link Scope} mask of which every scope is required
 * @param permissions the {@link Permission} mask of which every permission is required
 * @param anyPermissions the {@link Permission} mask of which at least one is required (0: none)
 * @param projectVariable the URI template variable of the route's path that must name the caller's project,
 *     or null
 */
public record RouteRequirements(int scopes, int permissions, int anyPermissions, String projectVariable) {

    /** The same requirements without the project check. */
    public RouteRequirements withoutProject() {
        return new RouteRequirements(scopes, permissions, anyPermissions, null);
    }

    public List<String> scopeNames() {
        return Scope.names(scopes);
    }

    public List<String> permissionNames() {
        return Permission.names(permissions);
    }

    public List<String> anyPermissionNames() {
        return Permission.names(anyPermissions);
    }
}
