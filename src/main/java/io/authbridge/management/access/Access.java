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

    /**
     * Whether the caller is a global administrator in the management APIs: the login token of a user who is one.
     * An API key with the {@code global} scope passes routes that require that scope, but administers nothing
     * here, as every administrator operation takes a login token.
     */
    public static boolean isGlobalAdministrator(AuthenticatedPrincipal caller) {
        return caller.isGlobalAdmin() && caller.token().isLogin();
    }

    /**
     * The permissions the caller may manage tokens with, and give them: a user's login token, every permission it
     * holds where it acts; an API key, the permissions it was given, never those its {@code user} scope implies (an
     * API key does not manage tokens by its scopes, as Exceptionless has it). No token is made, or changed, to hold
     * a permission outside these.
     */
    public static int grantablePermissions(AuthenticatedPrincipal caller) {
        return caller.token().isLogin() ? caller.permissions() : caller.token().permissions();
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
        if (isGlobalAdministrator(principal)) {
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
