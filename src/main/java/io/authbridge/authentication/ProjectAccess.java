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

    /** Completes true or false; fails with a store error when the project is not cached and the store is down. */
    public Mono<Boolean> mayAct(AuthenticatedPrincipal principal, UUID projectId) {
        if (principal.projectId() != null) {
            return Mono.just(principal.projectId().equals(projectId));
        }
        return projects.find(projectId)
            .map(project -> Authenticator.mayAct(principal.token(), project))
            .defaultIfEmpty(false);
    }
}
