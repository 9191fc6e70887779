package io.authbridge.authentication;

import java.util.UUID;

import io.authbridge.token.ProjectCache;
import reactor.core.publisher.Mono;

/**
 * Whether a principal may act in a given project: its own project, or for login and organization tokens,
 * a project of one of their organizations (any project for a global administrator).
 */
public final class ProjectAccess {

    private final ProjectCache projects;

    public ProjectAccess(ProjectCache projects) {
        this.projects = projects;
    }

    /** The answer when it needs no lookup (the principal acts in one project); null otherwise. */
    public Boolean mayActNow(AuthenticatedPrincipal principal, UUID projectId) {
        return principal.projectId() == null ? null : principal.projectId().equals(projectId);
    }

    /** Completes true or false; fails with a store error when the project is not cached and the store is down. */
    public Mono<Boolean> mayAct(AuthenticatedPrincipal principal, UUID projectId) {
        Boolean now = mayActNow(principal, projectId);
        if (now != null) {
            return Mono.just(now);
        }
        return projects.find(projectId)
            .map(project -> Authenticator.mayAct(principal.token(), project))
            .defaultIfEmpty(false);
    }
}
