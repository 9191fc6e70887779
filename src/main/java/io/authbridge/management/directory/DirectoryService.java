package io.authbridge.management.directory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.authbridge.directory.DirectoryStore;
import io.authbridge.directory.Organization;
import io.authbridge.directory.Project;
import io.authbridge.management.Caller;
import io.authbridge.management.ManagementFailure;
import io.authbridge.management.ManagementFailure.Subject;
import io.authbridge.management.access.Access;
import io.authbridge.management.access.Operation;
import io.authbridge.management.audit.AuditLog;
import io.authbridge.token.TokenService;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Organizations and their projects as users see them: listing what the caller's organizations hold,
 * creating organizations (the creator joins) and projects, and adding members. Subprojects are made by
 * project credentials ({@code projecttree}); here they are listed with the rest.
 */
public final class DirectoryService {

    private final DirectoryStore directory;

    private final Access access;

    private final TokenService tokens;

    private final AuditLog audit;

    private final Clock clock;

    DirectoryService(DirectoryStore directory, Access access, TokenService tokens, AuditLog audit, Clock clock) {
        this.directory = directory;
        this.access = access;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** A project and the name of its organization. */
    public record ProjectWithOrganization(Project project, String organizationName) {
    }

    public Flux<Organization> listOrganizations(Caller caller) {
        return Access.require(caller, Operation.LIST_ORGANIZATIONS).thenMany(access.organizations(caller));
    }

    /** A new organization; a user who creates one is its member at once. */
    public Mono<Organization> createOrganization(Caller caller, String name) {
        Instant now = clock.instant();
        Organization organization = new Organization(UUID.randomUUID(), name, now, now);
        Mono<Void> membership = caller.userId() == null ? Mono.empty()
                : directory.addMember(organization.id(), caller.userId()).then(tokens.invalidateAllOfUser(caller.userId()));
        return Access.require(caller, Operation.CREATE_ORGANIZATION)
            .then(directory.createOrganization(organization))
            .flatMap(created -> membership
                .then(audit.record(caller, "organization.create", "organization", created.id(), "name " + name))
                .thenReturn(created));
    }

    /** Adds a user to an organization the caller sees; the user's sessions see it on their next request. */
    public Mono<Void> addMember(Caller caller, UUID organizationId, UUID userId) {
        return Access.require(caller, Operation.ADD_MEMBER)
            .then(access.organization(caller, organizationId))
            .switchIfEmpty(Mono.error(new ManagementFailure.NotFound(Subject.ORGANIZATION)))
            .then(directory.findUser(userId))
            .switchIfEmpty(Mono.error(new ManagementFailure.NotFound(Subject.USER)))
            .flatMap(user -> directory.addMember(organizationId, user.id()))
            .then(tokens.invalidateAllOfUser(userId))
            .then(audit.record(caller, "organization.member.add", "organization", organizationId, "user " + userId));
    }

    /** The projects the caller sees, with their organizations' names. */
    public Flux<ProjectWithOrganization> listProjects(Caller caller) {
        return Access.require(caller, Operation.LIST_PROJECTS).thenMany(withOrganizations(access.projects(caller)));
    }

    public Mono<ProjectWithOrganization> project(Caller caller, UUID id) {
        return Access.require(caller, Operation.READ_PROJECT)
            .then(access.project(caller, id))
            .switchIfEmpty(Mono.error(new ManagementFailure.NotFound(Subject.PROJECT)))
            .flatMap(project -> withOrganizations(Flux.just(project)).next());
    }

    /** A new project of an organization the caller sees; any other organization is an unknown one. */
    public Mono<ProjectWithOrganization> createProject(Caller caller, UUID organizationId, String name) {
        return Access.require(caller, Operation.CREATE_PROJECT)
            .then(access.organization(caller, organizationId))
            .switchIfEmpty(Mono.error(new ManagementFailure.Invalid("organization_id", ManagementFailure.Reason.UNKNOWN)))
            .flatMap(organization -> {
                Instant now = clock.instant();
                Project project = new Project(UUID.randomUUID(), organization.id(), null, name, false, now, now);
                return directory.createProject(project)
                    .flatMap(created -> audit.record(caller, "project.create", "project", created.id(), "name " + name)
                        .thenReturn(new ProjectWithOrganization(created, organization.name())));
            });
    }

    /** The projects with their organizations' names, read in one query. */
    private Flux<ProjectWithOrganization> withOrganizations(Flux<Project> projects) {
        return projects.collectList().flatMapMany(list -> {
            Set<UUID> organizationIds = new HashSet<>();
            list.forEach(project -> organizationIds.add(project.organizationId()));
            return directory.listOrganizations(organizationIds)
                .collectMap(Organization::id, Function.identity())
                .flatMapMany(organizations -> Flux.fromIterable(named(list, organizations)));
        });
    }

    private static List<ProjectWithOrganization> named(List<Project> projects, Map<UUID, Organization> organizations) {
        List<ProjectWithOrganization> named = new ArrayList<>(projects.size());
        for (Project project : projects) {
            Organization organization = organizations.get(project.organizationId());
            named.add(new ProjectWithOrganization(project, organization == null ? null : organization.name()));
        }
        return named;
    }
}
