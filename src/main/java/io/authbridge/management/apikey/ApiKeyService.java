package io.authbridge.management.apikey;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.authbridge.Uuids;
import io.authbridge.management.Caller;
import io.authbridge.management.ManagementFailure;
import io.authbridge.management.ManagementFailure.Subject;
import io.authbridge.management.access.Access;
import io.authbridge.management.access.Operation;
import io.authbridge.management.audit.AuditLog;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.NewToken;
import io.authbridge.token.Scope;
import io.authbridge.token.StoredToken;
import io.authbridge.token.TokenChange;
import io.authbridge.token.TokenKind;
import io.authbridge.token.TokenService;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Project API keys as Exceptionless has them: keys with scopes, managed only by a user's login token (never
 * by another key), in the projects of the user's organizations. A key is named by its public id or by the
 * key itself; one the caller does not see is one that does not exist.
 */
public final class ApiKeyService {

    private final Access access;

    private final TokenService tokens;

    private final AuditLog audit;

    private final Clock clock;

    ApiKeyService(Access access, TokenService tokens, AuditLog audit, Clock clock) {
        this.access = access;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    /** What became of one key of a bulk deletion: {@code deleted} is null when there was none to delete. */
    public record Deletion(String idOrKey, StoredToken deleted) {
    }

    /** The project's keys, without secrets. */
    public Flux<StoredToken> list(Caller caller, UUID projectId) {
        return Access.require(caller, Operation.LIST_API_KEYS)
            .then(access.project(caller, projectId))
            .switchIfEmpty(Mono.error(new ManagementFailure.NotFound(Subject.PROJECT)))
            .flatMapMany(project -> tokens.listAccessTokensOfProject(project.id()));
    }

    /** Completes when the caller may mint keys of the project (it sees it); else a {@code NotFound}, as for none. */
    public Mono<Void> mayCreate(Caller caller, UUID projectId) {
        return Access.require(caller, Operation.CREATE_API_KEY)
            .then(access.project(caller, projectId))
            .switchIfEmpty(Mono.error(new ManagementFailure.NotFound(Subject.PROJECT)))
            .then();
    }

    /** Completes when the caller may change the key (by public id or itself); else a {@code NotFound}, as for none. */
    public Mono<Void> mayUpdate(Caller caller, String idOrKey) {
        return managed(caller, idOrKey, Operation.UPDATE_API_KEY).then();
    }

    /**
     * Mints a key of the project with {@code scopes} (a {@link Scope} mask, at least {@code client}); no scope
     * the caller lacks may be given, and no expiry that has come already: such a key would never work.
     */
    public Mono<IssuedToken> create(Caller caller, UUID projectId, int scopes, String notes, Instant expiresUtc) {
        // who may ask at all comes first: a caller refused the operation learns nothing about its request
        Mono<Void> grantable = caller.principal().hasAllScopes(scopes) ? Mono.empty()
                : Mono.error(new ManagementFailure.Invalid("scopes", ManagementFailure.Reason.NOT_HELD));
        Mono<Void> expiry = Mono.defer(() -> expiresUtc == null || expiresUtc.isAfter(clock.instant()) ? Mono.empty()
                : Mono.error(new ManagementFailure.Invalid("expires_utc", ManagementFailure.Reason.PAST)));
        return Access.require(caller, Operation.CREATE_API_KEY)
            .then(grantable)
            .then(expiry)
            .then(access.project(caller, projectId))
            .switchIfEmpty(Mono.error(new ManagementFailure.NotFound(Subject.PROJECT)))
            .flatMap(project -> tokens.issue(new NewToken(TokenKind.ACCESS, project.organizationId(), project.id(), null,
                    null, notes, Scope.withImplied(scopes), 0, expiresUtc, caller.userId(),
                    NewToken.SecretStyle.EXCEPTIONLESS, caller.mintingKey())))
            .switchIfEmpty(Mono.error(new ManagementFailure.Unauthenticated()))
            .flatMap(issued -> audit.record(caller, "token.create", "token", issued.stored().id(),
                    "scopes " + Scope.format(issued.stored().scopes()) + " project " + projectId).thenReturn(issued));
    }

    /** Disables or enables the key and changes its notes ({@code notesGiven}: null notes clear them). */
    public Mono<StoredToken> update(Caller caller, String idOrKey, Boolean disabled, String notes, boolean notesGiven) {
        return managed(caller, idOrKey, Operation.UPDATE_API_KEY)
            .flatMap(token -> {
                TokenChange change = notesGiven ? TokenChange.none().withNotes(notes) : TokenChange.none();
                return tokens.update(token.id(), disabled == null ? change : change.withDisabled(disabled));
            })
            // deleted since it was found
            .switchIfEmpty(Mono.error(new ManagementFailure.NotFound(Subject.TOKEN)))
            .flatMap(saved -> audit.record(caller, "token.update", "token", saved.id(),
                    "is_disabled " + saved.disabled() + (notesGiven ? ", notes changed" : "")).thenReturn(saved));
    }

    /** Deletes each key, in order; keys that are not found are reported, any other refusal fails the whole. */
    public Mono<List<Deletion>> delete(Caller caller, List<String> idsOrKeys) {
        return Flux.fromIterable(idsOrKeys)
            .concatMap(idOrKey -> managed(caller, idOrKey, Operation.DELETE_API_KEY)
                .flatMap(token -> tokens.delete(token)
                    .then(audit.record(caller, "token.delete", "token", token.id(), null))
                    .thenReturn(new Deletion(idOrKey, token)))
                .onErrorResume(ManagementFailure.NotFound.class, missing -> Mono.just(new Deletion(idOrKey, null))))
            .collectList();
    }

    /** An API key (never a login token) of an organization the caller sees. */
    private Mono<StoredToken> managed(Caller caller, String idOrKey, Operation operation) {
        UUID publicId = Uuids.parse(idOrKey);
        Mono<StoredToken> found = publicId != null ? tokens.findById(publicId) : tokens.findBySecret(idOrKey);
        return Access.require(caller, operation)
            .then(found)
            .filterWhen(token -> token.kind() == TokenKind.ACCESS ? access.sees(caller, token.organizationId())
                    : Mono.just(false))
            .switchIfEmpty(Mono.error(new ManagementFailure.NotFound(Subject.TOKEN)));
    }
}
