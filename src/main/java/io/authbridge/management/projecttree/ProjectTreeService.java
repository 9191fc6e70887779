package io.authbridge.management.projecttree;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;

import io.authbridge.directory.DirectoryStore;
import io.authbridge.directory.Project;
import io.authbridge.management.Caller;
import io.authbridge.management.ManagementFailure;
import io.authbridge.management.ManagementFailure.Reason;
import io.authbridge.management.ManagementFailure.Subject;
import io.authbridge.management.access.Access;
import io.authbridge.management.access.Operation;
import io.authbridge.management.audit.AuditLog;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.NewToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.StoredToken;
import io.authbridge.token.TokenKind;
import io.authbridge.token.TokenChange;
import io.authbridge.token.TokenService;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SignalWire's model: a project credential holding {@code management} manages its project tree (its
 * project and, for a top-level project, the subprojects under it, one level only) and the tokens in it.
 * Tokens made here are {@code client} tokens with exactly the permissions given, never more than the caller
 * holds ({@link Access#grantablePermissions}: an API key's own, not its scopes'), and never outliving an API key
 * that made them: they expire with it, are disabled while it is and are deleted with it ({@link TokenService}); the
 * tokens it lists, renames, re-permissions and deletes are those it could have made (it holds their scopes and
 * permissions). Anything outside the tree, or beyond the caller, is answered as if it did not
 * exist.
 */
public final class ProjectTreeService {

    private final DirectoryStore directory;

    private final TokenService tokens;

    private final AuditLog audit;

    private final Clock clock;

    ProjectTreeService(DirectoryStore directory, TokenService tokens, AuditLog audit, Clock clock) {
        this.directory = directory;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** The caller's project, and its subprojects when it is top-level. */
    public Flux<Project> projects(Caller caller) {
        return tree(caller, Operation.LIST_SUBPROJECTS);
    }

    public Mono<Project> project(Caller caller, UUID id) {
        return projects(caller).filter(project -> project.id().equals(id))
            .next()
            .switchIfEmpty(Mono.error(new ManagementFailure.NotFound(Subject.PROJECT)));
    }

    /** Completes when the caller may make subprojects: its project is top-level (no subproject of a subproject). */
    public Mono<Void> mayCreateSubproject(Caller caller) {
        return Access.require(caller, Operation.CREATE_SUBPROJECT)
            .then(directory.findProject(caller.projectId()))
            .switchIfEmpty(Mono.error(new ManagementFailure.Unauthenticated()))
            .flatMap(parent -> parent.isSubproject() ? Mono.error(new ManagementFailure.Invalid(null, Reason.NESTED))
                    : Mono.empty());
    }

    /** Completes when the caller manages the token of its tree; else a {@code NotFound}, as for none. */
    public Mono<Void> mayUpdateToken(Caller caller, UUID id) {
        return token(caller, id, Operation.UPDATE_PROJECT_TOKEN).then();
    }

    /** A subproject of the caller's project, which must be top-level. */
    public Mono<Project> createSubproject(Caller caller, String name) {
        return Access.require(caller, Operation.CREATE_SUBPROJECT)
            .then(directory.findProject(caller.projectId()))
            .switchIfEmpty(Mono.error(new ManagementFailure.Unauthenticated()))
            .flatMap(parent -> {
                if (parent.isSubproject()) {
                    return Mono.error(new ManagementFailure.Invalid(null, Reason.NESTED));
                }
                Instant now = clock.instant();
                return directory.createProject(new Project(UUID.randomUUID(), parent.organizationId(), parent.id(), name,
                        false, now, now));
            })
            .flatMap(created -> audit.record(caller, "project.create", "project", created.id(),
                    "subproject of " + created.parentProjectId() + ", name " + name).thenReturn(created));
    }

    /** The tokens of the caller's tree that it manages, without secrets. */
    public Flux<StoredToken> tokens(Caller caller) {
        return tree(caller, Operation.LIST_PROJECT_TOKENS)
            .concatMap(project -> tokens.listAccessTokensOfProject(project.id()))
            .filter(token -> manages(caller, token));
    }

    /** Mints a token in the caller's project or, with {@code subprojectId}, in one of its subprojects. */
    public Mono<IssuedToken> createToken(Caller caller, String name, int permissions, UUID subprojectId) {
        Mono<UUID> target = subprojectId == null ? Mono.fromSupplier(caller::projectId)
                : directory.findProject(subprojectId)
                    .filter(project -> caller.projectId().equals(project.parentProjectId()))
                    .map(Project::id)
                    .switchIfEmpty(Mono.error(new ManagementFailure.Invalid("subproject_id", Reason.UNKNOWN)));
        return Access.require(caller, Operation.CREATE_PROJECT_TOKEN)
            .then(grantable(caller, permissions))
            .then(target)
            .flatMap(projectId -> tokens.issue(new NewToken(TokenKind.ACCESS, caller.organizationId(), projectId, null,
                    name, null, Scope.CLIENT.bit(), permissions, inheritedExpiry(caller), caller.userId(),
                    NewToken.SecretStyle.SIGNALWIRE, caller.mintingKey())))
            // the key was disabled or deleted since its request was authenticated (on another instance, say)
            .switchIfEmpty(Mono.error(new ManagementFailure.Unauthenticated()))
            .flatMap(issued -> audit.record(caller, "token.create", "token", issued.stored().id(),
                    "permissions " + Permission.format(permissions) + " project " + issued.stored().projectId())
                .thenReturn(issued));
    }

    /** Renames the token and (when given) sets its permissions. */
    public Mono<StoredToken> updateToken(Caller caller, UUID id, String name, Integer permissions) {
        // who may ask at all comes first: a caller without management learns nothing about its request
        return Access.require(caller, Operation.UPDATE_PROJECT_TOKEN)
            .then(permissions == null ? Mono.<Void>empty() : grantable(caller, permissions))
            .then(token(caller, id, Operation.UPDATE_PROJECT_TOKEN))
            .flatMap(token -> {
                TokenChange change = name == null ? TokenChange.none() : TokenChange.none().withName(name);
                return tokens.update(token.id(), permissions == null ? change : change.withPermissions(permissions));
            })
            // deleted since it was found
            .switchIfEmpty(Mono.error(new ManagementFailure.NotFound(Subject.TOKEN)))
            .flatMap(saved -> audit.record(caller, "token.update", "token", saved.id(),
                    "permissions " + Permission.format(saved.permissions())).thenReturn(saved));
    }

    public Mono<Void> deleteToken(Caller caller, UUID id) {
        return token(caller, id, Operation.DELETE_PROJECT_TOKEN)
            .flatMap(token -> tokens.delete(token).then(audit.record(caller, "token.delete", "token", token.id(), null)));
    }

    private Flux<Project> tree(Caller caller, Operation operation) {
        return Access.require(caller, operation).thenMany(directory.findProject(caller.projectId())
            .flatMapMany(project -> project.isSubproject() ? Flux.just(project) : directory.listProjectTree(project.id())));
    }

    /** An API key of the caller's tree, by public id. */
    private Mono<StoredToken> token(Caller caller, UUID id, Operation operation) {
        return tree(caller, operation).map(Project::id)
            .collect(Collectors.toSet())
            .flatMap(tree -> tokens.findById(id).filter(token -> token.kind() == TokenKind.ACCESS
                    && token.projectId() != null && tree.contains(token.projectId()) && manages(caller, token)))
            .switchIfEmpty(Mono.error(new ManagementFailure.NotFound(Subject.TOKEN)));
    }

    /**
     * Whether the caller manages {@code token}: it holds every scope and every permission the token has. A
     * {@code management} token (scope {@code client}) manages the tokens it could have made, never a token with a
     * permission it lacks, nor a project's {@code user} or {@code global} Exceptionless key (an administrator's
     * automation key): renaming, re-permissioning or deleting those takes a caller that holds what they hold. A token
     * it does not manage is answered as if it did not exist.
     */
    private static boolean manages(Caller caller, StoredToken token) {
        int held = Access.grantablePermissions(caller.principal());
        return caller.principal().hasAllScopes(Scope.withImplied(token.scopes() == 0 ? Scope.CLIENT.bit() : token.scopes()))
                && (token.permissions() & ~held) == 0;
    }

    /** No token may be given a permission its creator does not hold. */
    private static Mono<Void> grantable(Caller caller, int permissions) {
        return (permissions & ~Access.grantablePermissions(caller.principal())) == 0 ? Mono.empty()
                : Mono.error(new ManagementFailure.Invalid("permissions", Reason.NOT_HELD));
    }

    /**
     * The expiry of a token an API key makes: the key's own, so that a key that expires cannot leave behind a token
     * that does not. A user's session makes tokens that outlive it, as a user's keys do.
     */
    private static Instant inheritedExpiry(Caller caller) {
        return caller.principal().token().isLogin() ? null : caller.principal().token().expiresAt();
    }
}
