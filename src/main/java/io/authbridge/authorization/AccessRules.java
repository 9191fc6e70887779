package io.authbridge.authorization;

import java.util.UUID;

import io.authbridge.Uuids;
import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.authentication.ProjectAccess;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The one decision of whether a caller may call a route: what the {@code Authorize} filter enforces on every
 * request and what the explain API reports. Both call this class, so an explanation cannot drift from what
 * the gateway does.
 */
public final class AccessRules {

    private final ProjectAccess projectAccess;

    public AccessRules(ProjectAccess projectAccess) {
        this.projectAccess = projectAccess;
    }

    /**
     * The value of the requirements' project variable in the path the route was matched on, or null when
     * the requirements name no variable (or the path does not bind it).
     */
    public static String pathProject(ServerWebExchange exchange, RouteRequirements requirements) {
        return requirements.projectVariable() == null ? null
                : ServerWebExchangeUtils.getUriTemplateVariables(exchange).get(requirements.projectVariable());
    }

    /**
     * The decision when it needs no lookup (every case but a login or organization token on a route whose
     * path names a project); null otherwise, and then {@link #decide}.
     *
     * @param principal the caller, or null when anonymous
     * @param pathProject the {@link #pathProject} of the request
     */
    public Decision decideNow(AuthenticatedPrincipal principal, RouteRequirements requirements, String pathProject) {
        if (principal == null) {
            return Decision.UNAUTHENTICATED;
        }
        int missingScopes = requirements.scopes() & ~principal.scopes();
        int missingPermissions = requirements.permissions() & ~principal.permissions();
        int missingAny = requirements.anyPermissions() != 0 && !principal.hasAnyPermission(requirements.anyPermissions())
                ? requirements.anyPermissions() : 0;
        if (requirements.projectVariable() == null) {
            return Decision.of(missingScopes, missingPermissions, missingAny, false);
        }
        UUID projectId = Uuids.parse(pathProject);
        if (projectId == null) {
            return Decision.of(missingScopes, missingPermissions, missingAny, true);
        }
        Boolean mayAct = projectAccess.mayActNow(principal, projectId);
        if (mayAct != null) {
            return Decision.of(missingScopes, missingPermissions, missingAny, !mayAct);
        }
        Decision withoutProject = Decision.of(missingScopes, missingPermissions, missingAny, false);
        // refused already: no project lookup for a request that cannot pass anyway
        return withoutProject.allowed() ? null : withoutProject;
    }

    /**
     * The decision; fails with a store error when it needs a project the cache does not hold while the store
     * is down.
     */
    public Mono<Decision> decide(AuthenticatedPrincipal principal, RouteRequirements requirements, String pathProject) {
        Decision now = decideNow(principal, requirements, pathProject);
        if (now != null) {
            return Mono.just(now);
        }
        return projectAccess.mayAct(principal, Uuids.parse(pathProject))
            .map(mayAct -> mayAct ? Decision.ALLOWED : Decision.OTHER_PROJECT);
    }
}
