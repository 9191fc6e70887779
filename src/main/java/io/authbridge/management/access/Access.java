package io.authbridge.management.access;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.directory.DirectoryStore;
import io.authbridge.directory.Organization;
import io.authbridge.directory.Project;
import io.authbridge.management.Caller;
import io.authbridge.management.ManagementFailure;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The access rules of the management APIs: whether a caller may attempt an {@link Operation} at all, and
 * which organizations and projects it sees. What a caller does not see is empty here, and the services answer
 * it exactly as something that does not exist.
 */
public final class Access {

    private final DirectoryStore directory;

    Access(DirectoryStore directory) {
        this.directory = directory;
    }

    /** Completes when the caller meets every requirement of {@code operation}; else a {@code Forbidden}. */
    public static Mono<Void> require(Caller caller, Operation operation) {
        for (Requirement requirement : operation.requirements()) {
            if (!requirement.metBy(caller.principal())) {
                return Mono.error(new ManagementFailure.Forbidden(requirement, operation));
            }
        }
        return Mono.empty();
    }

    /** The organizations the caller sees, by name. */
    public Flux<Organization> organizations(Caller caller) {
        return visibility(caller).flatMapMany(visible -> visible.all() ? directory.listOrganizations()
                : directory.listOrganizations(visible.organizations()));
    }

    /** The organization, when the caller sees it. */
    public Mono<Organization> organization(Caller caller, UUID id) {
        return visibility(caller).flatMap(visible -> directory.findOrganization(id).filter(org -> visible.sees(org.id())));
    }

    /** The projects (subprojects included) of the organizations the caller sees, by name. */
    public Flux<Project> projects(Caller caller) {
        return visibility(caller).flatMapMany(visible -> visible.all() ? directory.listAllProjects()
                : directory.listProjects(visible.organizations()));
    }

    /** The project, when the caller sees its organization. */
    public Mono<Project> project(Caller caller, UUID id) {
        return visibility(caller)
            .flatMap(visible -> directory.findProject(id).filter(project -> visible.sees(project.organizationId())));
    }

    /** Whether the caller sees the organization. */
    public Mono<Boolean> sees(Caller caller, UUID organizationId) {
        return visibility(caller).map(visible -> organizationId != null && visible.sees(organizationId));
    }

    private Mono<Visibility> visibility(Caller caller) {
        AuthenticatedPrincipal principal = caller.principal();
        if (principal.isGlobalAdmin()) {
            return Mono.just(Visibility.EVERYTHING);
        }
        if (principal.token().isLogin()) {
            return directory.organizationIdsOf(principal.userId()).collect(Collectors.toSet())
                .map(organizations -> new Visibility(false, organizations));
        }
        UUID own = principal.token().organizationId();
        return Mono.just(new Visibility(false, own == null ? Set.of() : Set.of(own)));
    }
}
