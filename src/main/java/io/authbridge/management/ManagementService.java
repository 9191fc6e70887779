package io.authbridge.management;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.authbridge.Uuids;
import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.directory.DirectoryStore;
import io.authbridge.directory.Organization;
import io.authbridge.directory.Project;
import io.authbridge.directory.User;
import io.authbridge.error.GatewayError;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.NewToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.StoredToken;
import io.authbridge.token.TokenKind;
import io.authbridge.token.TokenService;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one service layer under both management dialects: who may see and change which organization, project,
 * user and token, and the audit record of every change. Dialect handlers validate and shape requests and
 * responses; the rules live here, so a token minted through either dialect is the same record.
 */
public class ManagementService {

    /** How long a login token lives, as Exceptionless's authentication tokens (3 months). */
    static final Duration LOGIN_TOKEN_LIFETIME = Duration.ofDays(90);

    private static final String NO_SUCH_USER_HASH = new BCryptPasswordEncoder().encode("no such user, same cost");

    private final DirectoryStore directory;

    private final TokenService tokens;

    private final AuditLog audit;

    private final LoginThrottle throttle;

    private final BCryptPasswordEncoder passwords = new BCryptPasswordEncoder();

    private final Clock clock;

    public ManagementService(DirectoryStore directory, TokenService tokens, AuditLog audit, LoginThrottle throttle,
            Clock clock) {
        this.directory = directory;
        this.tokens = tokens;
        this.audit = audit;
        this.throttle = throttle;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- sessions

    /** A new login token for the user, or 401 "Login failed." / "Login denied." */
    public Mono<IssuedToken> login(String email, String password, String clientIp) {
        String normalized = email.trim().toLowerCase(java.util.Locale.ROOT);
        if (throttle.attemptDenied(normalized, clientIp)) {
            return audit.record(null, null, "login.denied", "user", null, clientIp, "email " + normalized)
                .then(Mono.error(ManagementException.of(GatewayError.UNAUTHORIZED, "Login denied.")));
        }
        return directory.findUserByEmail(normalized)
            .map(java.util.Optional::of)
            .defaultIfEmpty(java.util.Optional.empty())
            .flatMap(user -> Mono.fromCallable(() -> {
                // compare against a dummy hash for unknown users, so timing does not tell which emails exist
                String hash = user.map(User::passwordHash).orElse(NO_SUCH_USER_HASH);
                return passwords.matches(password, hash) && user.isPresent() && user.get().active();
            }).subscribeOn(Schedulers.boundedElastic()).map(ok -> ok ? user : java.util.Optional.<User>empty()))
            .flatMap(user -> {
                if (user.isEmpty()) {
                    return audit.record(null, null, "login.failed", "user", null, clientIp, "email " + normalized)
                        .then(Mono.error(ManagementException.of(GatewayError.UNAUTHORIZED, "Login failed.")));
                }
                throttle.succeeded(normalized, clientIp);
                User found = user.get();
                return tokens.issue(new NewToken(TokenKind.LOGIN, null, null, found.id(), null, null, 0, 0,
                        clock.instant().plus(LOGIN_TOKEN_LIFETIME), found.id(), NewToken.SecretStyle.EXCEPTIONLESS))
                    .flatMap(issued -> audit.record(found.id(), null, "token.create", "token", issued.stored().id(),
                            clientIp, "login").thenReturn(issued));
            });
    }

    /** Revokes the login token the request was made with. */
    public Mono<Void> logout(AuthenticatedPrincipal caller, String clientIp) {
        if (!caller.token().isLogin()) {
            return Mono.error(ManagementException.forbidden("Logout not supported for current user access token"));
        }
        return tokens.findById(caller.tokenId())
            .flatMap(tokens::delete)
            .then(audit.record(caller, "token.delete", "token", caller.tokenId(), clientIp, "logout"));
    }

    // ---------------------------------------------------------------- organizations

    public Flux<Organization> listOrganizations(AuthenticatedPrincipal caller) {
        return requireUser(caller).thenMany(visibility(caller).flatMapMany(
                visible -> visible.all() ? directory.listOrganizations() : directory.listOrganizations(visible.organizations())));
    }

    public Mono<Organization> createOrganization(AuthenticatedPrincipal caller, String name, String clientIp) {
        Instant now = clock.instant();
        Organization organization = new Organization(UUID.randomUUID(), name, now, now);
        Mono<Void> membership = caller.userId() == null ? Mono.empty()
                : directory.addMember(organization.id(), caller.userId()).then(invalidateSessionsOf(caller.userId()));
        return requireUser(caller).then(directory.createOrganization(organization))
            .flatMap(created -> membership.then(audit.record(caller, "organization.create", "organization",
                    created.id(), clientIp, "name " + name)).thenReturn(created));
    }

    public Mono<Organization> organization(AuthenticatedPrincipal caller, UUID id) {
        return visibility(caller).flatMap(visible -> directory.findOrganization(id).filter(org -> visible.sees(org.id())))
            .switchIfEmpty(Mono.error(ManagementException.notFound("Organization not found.")));
    }

    // ---------------------------------------------------------------- projects

    /** Visible projects with their organization's name. */
    public Flux<ProjectWithOrganization> listProjects(AuthenticatedPrincipal caller) {
        return requireUser(caller).thenMany(visibility(caller).flatMapMany(visible -> {
            Flux<Project> projects = visible.all() ? directory.listAllProjects()
                    : directory.listProjects(visible.organizations());
            return withOrganizations(projects);
        }));
    }

    public Mono<ProjectWithOrganization> project(AuthenticatedPrincipal caller, UUID id) {
        return requireUser(caller).then(visibleProject(caller, id))
            .flatMap(project -> withOrganizations(Flux.just(project)).next());
    }

    public Mono<ProjectWithOrganization> createProject(AuthenticatedPrincipal caller, UUID organizationId, String name,
            String clientIp) {
        return requireUser(caller)
            .then(visibility(caller))
            .flatMap(visible -> directory.findOrganization(organizationId).filter(org -> visible.sees(org.id())))
            .switchIfEmpty(Mono.error(ManagementException.invalid("organization_id", "Please specify a valid organization id.")))
            .flatMap(org -> {
                Instant now = clock.instant();
                Project project = new Project(UUID.randomUUID(), org.id(), null, name, false, now, now);
                return directory.createProject(project)
                    .flatMap(created -> audit.record(caller, "project.create", "project", created.id(), clientIp,
                            "name " + name).thenReturn(new ProjectWithOrganization(created, org.name())));
            });
    }

    /** A project and the name of its organization. */
    public record ProjectWithOrganization(Project project, String organizationName) {
    }

    // ---------------------------------------------------------------- Exceptionless tokens

    public Flux<StoredToken> listProjectTokens(AuthenticatedPrincipal caller, UUID projectId) {
        return requireLogin(caller, "access").then(visibleProject(caller, projectId))
            .flatMapMany(project -> tokens.listAccessTokensOfProject(project.id()));
    }

    /** Mints a project API key; {@code scopes} already validated and with implications. */
    public Mono<IssuedToken> createProjectToken(AuthenticatedPrincipal caller, UUID projectId, int scopes, String notes,
            Instant expiresUtc, String clientIp) {
        return requireLogin(caller, "create").then(visibleProject(caller, projectId))
            .flatMap(project -> tokens.issue(new NewToken(TokenKind.ACCESS, project.organizationId(), project.id(), null,
                    null, notes, scopes, 0, expiresUtc, caller.userId(), NewToken.SecretStyle.EXCEPTIONLESS)))
            .flatMap(issued -> audit.record(caller, "token.create", "token", issued.stored().id(), clientIp,
                    "scopes " + Scope.format(scopes) + " project " + projectId).thenReturn(issued));
    }

    /** A token the caller manages, named by its public id or by the token itself; 404 otherwise. */
    public Mono<StoredToken> managedToken(AuthenticatedPrincipal caller, String idOrToken, String verb) {
        UUID publicId = Uuids.parse(idOrToken);
        Mono<StoredToken> found = publicId != null ? tokens.findById(publicId) : tokens.findBySecret(idOrToken);
        return requireLogin(caller, verb)
            .then(visibility(caller))
            .flatMap(visible -> found.filter(token -> token.kind() == TokenKind.ACCESS && token.organizationId() != null
                    && visible.sees(token.organizationId())))
            .switchIfEmpty(Mono.error(ManagementException.notFound("Token not found.")));
    }

    public Mono<StoredToken> updateToken(AuthenticatedPrincipal caller, StoredToken token, Boolean disabled, String notes,
            boolean notesGiven, String clientIp) {
        StoredToken changed = token.withChanges(token.name(), notesGiven ? notes : token.notes(), token.permissions(),
                disabled == null ? token.disabled() : disabled, token.updatedUtc());
        return tokens.update(changed)
            .flatMap(saved -> audit.record(caller, "token.update", "token", saved.id(), clientIp,
                    "is_disabled " + saved.disabled() + (notesGiven ? ", notes changed" : "")).thenReturn(saved));
    }

    public Mono<Boolean> deleteToken(AuthenticatedPrincipal caller, StoredToken token, String clientIp) {
        return tokens.delete(token)
            .flatMap(deleted -> audit.record(caller, "token.delete", "token", token.id(), clientIp, null).thenReturn(deleted));
    }

    // ---------------------------------------------------------------- SignalWire tokens and subprojects

    /** Mints a SignalWire API token in the caller's project or one of its subprojects. */
    public Mono<IssuedToken> createSignalWireToken(AuthenticatedPrincipal caller, String name, int permissions,
            UUID subprojectId, String clientIp) {
        Mono<UUID> target = subprojectId == null ? Mono.just(caller.projectId())
                : directory.findProject(subprojectId)
                    .filter(project -> caller.projectId().equals(project.parentProjectId()))
                    .map(Project::id)
                    .switchIfEmpty(Mono.error(ManagementException.signalWireInvalid("invalid_subproject_id",
                            "The subproject ID passed could not be found or does not belong to the project being used "
                                    + "to authenticate the request.", "subproject_id")));
        return requireManagement(caller)
            .then(requireGrantable(caller, permissions))
            .then(target)
            .flatMap(projectId -> tokens.issue(new NewToken(TokenKind.ACCESS, caller.organizationId(), projectId, null,
                    name, null, Scope.CLIENT.bit(), permissions, null, caller.userId(), NewToken.SecretStyle.SIGNALWIRE)))
            .flatMap(issued -> audit.record(caller, "token.create", "token", issued.stored().id(), clientIp,
                    "permissions " + Permission.format(permissions) + " project " + issued.stored().projectId())
                .thenReturn(issued));
    }

    /** The caller's project and its subprojects. */
    public Flux<Project> projectTree(AuthenticatedPrincipal caller) {
        return requireManagement(caller).thenMany(directory.findProject(caller.projectId())
            .flatMapMany(project -> project.isSubproject() ? Flux.just(project) : directory.listProjectTree(project.id())));
    }

    public Mono<Project> projectInTree(AuthenticatedPrincipal caller, UUID id) {
        return projectTree(caller).filter(project -> project.id().equals(id))
            .next()
            .switchIfEmpty(Mono.error(ManagementException.notFound("Not Found")));
    }

    public Flux<StoredToken> listSignalWireTokens(AuthenticatedPrincipal caller) {
        return projectTree(caller).concatMap(project -> tokens.listAccessTokensOfProject(project.id()));
    }

    /** A token of the caller's project tree by public id; 404 otherwise. */
    public Mono<StoredToken> signalWireToken(AuthenticatedPrincipal caller, UUID id) {
        return projectTree(caller).map(Project::id)
            .collect(Collectors.toSet())
            .flatMap(tree -> tokens.findById(id).filter(token -> token.kind() == TokenKind.ACCESS
                    && token.projectId() != null && tree.contains(token.projectId())))
            .switchIfEmpty(Mono.error(ManagementException.notFound("Not Found")));
    }

    public Mono<StoredToken> updateSignalWireToken(AuthenticatedPrincipal caller, UUID id, String name,
            Integer permissions, String clientIp) {
        return (permissions == null ? Mono.<Void>empty() : requireGrantable(caller, permissions))
            .then(signalWireToken(caller, id))
            .flatMap(token -> tokens.update(token.withChanges(name == null ? token.name() : name, token.notes(),
                    permissions == null ? token.permissions() : permissions, token.disabled(), token.updatedUtc())))
            .flatMap(saved -> audit.record(caller, "token.update", "token", saved.id(), clientIp,
                    "permissions " + Permission.format(saved.permissions())).thenReturn(saved));
    }

    public Mono<Void> deleteSignalWireToken(AuthenticatedPrincipal caller, UUID id, String clientIp) {
        return signalWireToken(caller, id).flatMap(token -> deleteToken(caller, token, clientIp)).then();
    }

    /** Creates a subproject of the caller's project, which must be top-level. */
    public Mono<Project> createSubproject(AuthenticatedPrincipal caller, String name, String clientIp) {
        return requireManagement(caller)
            .then(directory.findProject(caller.projectId()))
            .switchIfEmpty(Mono.error(ManagementException.unauthorized()))
            .flatMap(parent -> {
                if (parent.isSubproject()) {
                    return Mono.error(ManagementException.signalWireInvalid("nested_subprojects_not_allowed",
                            "Subprojects can only be created under a top-level project.", null));
                }
                Instant now = clock.instant();
                return directory.createProject(new Project(UUID.randomUUID(), parent.organizationId(), parent.id(), name,
                        false, now, now));
            })
            .flatMap(created -> audit.record(caller, "project.create", "project", created.id(), clientIp,
                    "subproject of " + created.parentProjectId() + ", name " + name).thenReturn(created));
    }

    // ---------------------------------------------------------------- users

    public Mono<User> createUser(AuthenticatedPrincipal caller, String email, String password, String fullName,
            boolean globalAdmin, List<UUID> organizationIds, String clientIp) {
        String normalized = email.trim().toLowerCase(java.util.Locale.ROOT);
        return requireGlobalAdmin(caller)
            .then(directory.findUserByEmail(normalized).flatMap(existing -> Mono.<User>error(
                    ManagementException.invalid("email_address", "A user with this email address already exists."))))
            .then(Flux.fromIterable(organizationIds).concatMap(id -> directory.findOrganization(id)
                .switchIfEmpty(Mono.error(ManagementException.invalid("organization_ids",
                        "Please specify valid organization ids."))))
                .then())
            .then(Mono.fromCallable(() -> passwords.encode(password)).subscribeOn(Schedulers.boundedElastic()))
            .flatMap(hash -> {
                Instant now = clock.instant();
                return directory.createUser(new User(UUID.randomUUID(), normalized, fullName, hash, globalAdmin, true,
                        now, now))
                    // the same email created concurrently: the check above passed for both
                    .onErrorMap(DuplicateKeyException.class, taken -> ManagementException.invalid("email_address",
                            "A user with this email address already exists."));
            })
            .flatMap(user -> Flux.fromIterable(organizationIds)
                .concatMap(org -> directory.addMember(org, user.id()))
                .then(audit.record(caller, "user.create", "user", user.id(), clientIp,
                        "email " + normalized + (globalAdmin ? ", global admin" : "")))
                .thenReturn(user));
    }

    public Flux<User> listUsers(AuthenticatedPrincipal caller) {
        return requireGlobalAdmin(caller).thenMany(directory.listUsers());
    }

    public Flux<UUID> organizationsOf(UUID userId) {
        return directory.organizationIdsOf(userId);
    }

    /** Adds a user to an organization: a global administrator, or a user of that organization, may. */
    public Mono<Void> addMember(AuthenticatedPrincipal caller, UUID organizationId, UUID userId, String clientIp) {
        return requireLogin(caller, "manage")
            .then(organization(caller, organizationId))
            .then(directory.findUser(userId).switchIfEmpty(Mono.error(ManagementException.notFound("User not found."))))
            .flatMap(user -> directory.addMember(organizationId, user.id()))
            .then(invalidateSessionsOf(userId))
            .then(audit.record(caller, "organization.member.add", "organization", organizationId, clientIp,
                    "user " + userId));
    }

    public Flux<AuditLog.Entry> auditLog(AuthenticatedPrincipal caller, int limit, long offset) {
        return requireGlobalAdmin(caller).thenMany(audit.list(limit, offset));
    }

    // ---------------------------------------------------------------- rules

    Mono<Visibility> visibility(AuthenticatedPrincipal caller) {
        if (caller.isGlobalAdmin()) {
            return Mono.just(Visibility.EVERYTHING);
        }
        if (caller.token().isLogin()) {
            return directory.organizationIdsOf(caller.userId()).collect(Collectors.toSet())
                .map(organizations -> new Visibility(false, organizations));
        }
        Set<UUID> own = caller.token().organizationId() == null ? Set.of() : Set.of(caller.token().organizationId());
        return Mono.just(new Visibility(false, own));
    }

    private Mono<Project> visibleProject(AuthenticatedPrincipal caller, UUID projectId) {
        return visibility(caller)
            .flatMap(visible -> directory.findProject(projectId).filter(project -> visible.sees(project.organizationId())))
            .switchIfEmpty(Mono.error(ManagementException.notFound("Project not found.")));
    }

    private Flux<ProjectWithOrganization> withOrganizations(Flux<Project> projects) {
        return projects.collectList().flatMapMany(list -> {
            Set<UUID> organizationIds = new HashSet<>();
            list.forEach(project -> organizationIds.add(project.organizationId()));
            return directory.listOrganizations(organizationIds)
                .collectMap(Organization::id, Function.identity())
                .flatMapMany(organizations -> Flux.fromIterable(toViews(list, organizations)));
        });
    }

    private static List<ProjectWithOrganization> toViews(List<Project> projects, Map<UUID, Organization> organizations) {
        List<ProjectWithOrganization> views = new ArrayList<>(projects.size());
        for (Project project : projects) {
            Organization organization = organizations.get(project.organizationId());
            views.add(new ProjectWithOrganization(project, organization == null ? null : organization.name()));
        }
        return views;
    }

    private Mono<Void> invalidateSessionsOf(UUID userId) {
        return tokens.invalidateAllOfUser(userId);
    }

    private static Mono<Void> requireUser(AuthenticatedPrincipal caller) {
        return caller.hasAllScopes(Scope.USER.bit()) ? Mono.empty() : Mono.error(ManagementException.forbidden("Forbidden"));
    }

    /** Exceptionless refuses API keys here even with the user scope: only a user's session manages tokens. */
    private static Mono<Void> requireLogin(AuthenticatedPrincipal caller, String verb) {
        return caller.token().isLogin() ? Mono.empty()
                : Mono.error(ManagementException.forbidden("Token authentication cannot " + verb + " tokens."));
    }

    private static Mono<Void> requireGlobalAdmin(AuthenticatedPrincipal caller) {
        return caller.isGlobalAdmin() && caller.token().isLogin() ? Mono.empty()
                : Mono.error(ManagementException.forbidden("Forbidden"));
    }

    private static Mono<Void> requireManagement(AuthenticatedPrincipal caller) {
        return caller.projectId() != null && caller.hasAllPermissions(Permission.MANAGEMENT.bit()) ? Mono.empty()
                : Mono.error(ManagementException.unauthorized());
    }

    /** No token may be given a permission its creator does not hold. */
    private static Mono<Void> requireGrantable(AuthenticatedPrincipal caller, int permissions) {
        return caller.hasAllPermissions(permissions) ? Mono.empty()
                : Mono.error(ManagementException.signalWireInvalid("invalid_auth_token_permissions",
                        "Permissions cannot include permissions that the token used to authenticate the request does "
                                + "not have.", "permissions"));
    }
}
