package io.authbridge.authentication;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.authbridge.credential.Credential;
import io.authbridge.token.ProjectCache;
import io.authbridge.token.ProjectRecord;
import io.authbridge.token.StoreUnavailableException;
import io.authbridge.token.TokenCache;
import io.authbridge.token.TokenHasher;
import io.authbridge.token.TokenRecord;
import reactor.core.publisher.Mono;

/**
 * Turns a credential into a principal: hashes the secret, finds the record through the cache, and checks
 * that the token is usable now and belongs to the project a Basic credential names. A client whose
 * failures exhausted its budget gets no store read for a token the cache does not know.
 */
public final class Authenticator {

    private final TokenHasher hasher;

    private final TokenCache tokens;

    private final ProjectCache projects;

    private final FailureLimiter failures;

    private final Clock clock;

    public Authenticator(TokenHasher hasher, TokenCache tokens, ProjectCache projects, FailureLimiter failures,
            Clock clock) {
        this.hasher = hasher;
        this.tokens = tokens;
        this.projects = projects;
        this.failures = failures;
        this.clock = clock;
    }

    /**
     * @param client the client's address, for the failure limit; null to not limit
     */
    public Mono<AuthOutcome> authenticate(Credential credential, String client) {
        String hash = hash(credential);
        AuthOutcome now = cached(hash, credential);
        return now != null ? Mono.just(now) : authenticate(hash, credential, client);
    }

    /** The key under which the credential's token is stored and cached. */
    public String hash(Credential credential) {
        return hasher.hash(credential.secret());
    }

    /**
     * The outcome, when the cache gives it at once (the token is cached and needs no other lookup): the
     * request goes on without a store read and without waiting. Null otherwise: then
     * {@link #authenticate(String, Credential, String)}.
     */
    public AuthOutcome cached(String hash, Credential credential) {
        TokenCache.Lookup lookup = tokens.ready(hash);
        if (lookup == null) {
            return null;
        }
        return lookup.record() == null ? AuthOutcome.rejected(Rejection.UNKNOWN)
                : checkNow(lookup.record(), credential.projectId());
    }

    /**
     * @param hash the credential's {@link #hash}
     * @param client the client's address, for the failure limit; null to not limit
     */
    public Mono<AuthOutcome> authenticate(String hash, Credential credential, String client) {
        if (tokens.isCached(hash)) {
            return lookup(hash, credential);
        }
        if (!failures.tryAcquire(client)) {
            Mono<AuthOutcome> throttled = Mono.just(new AuthOutcome.Throttled(failures.retryAfterSeconds(client)));
            return failures.penalty().isZero() ? throttled : throttled.delayElement(failures.penalty());
        }
        return lookup(hash, credential).doOnNext(outcome -> {
            if (!(outcome instanceof AuthOutcome.Rejected)) {
                failures.refund(client);
            }
        });
    }

    private Mono<AuthOutcome> lookup(String hash, Credential credential) {
        return outcome(hash, credential.projectId());
    }

    /**
     * What a request presenting the token stored under {@code hash} and naming {@code namedProject} (Basic
     * {@code project_id:token}; null for Bearer and the query forms) gets, through the cache, without the
     * failure limit: the data plane's answer for the explain API.
     */
    public Mono<AuthOutcome> outcome(String hash, UUID namedProject) {
        return tokens.find(hash)
            .flatMap(record -> check(record, namedProject))
            .defaultIfEmpty(AuthOutcome.rejected(Rejection.UNKNOWN))
            .onErrorResume(StoreUnavailableException.class, ex -> Mono.just(AuthOutcome.UNAVAILABLE));
    }

    private Mono<AuthOutcome> check(TokenRecord record, UUID namedProject) {
        AuthOutcome now = checkNow(record, namedProject);
        if (now != null) {
            return Mono.just(now);
        }
        // a login or organization token naming one of its projects in Basic acts in that project
        return projects.find(namedProject)
            .filter(project -> mayAct(record, project))
            .map(project -> authenticated(record, project.id(), project.organizationId()))
            .defaultIfEmpty(AuthOutcome.rejected(Rejection.OTHER_PROJECT));
    }

    /** The outcome for a record, or null when it depends on the project the credential names (a lookup). */
    private AuthOutcome checkNow(TokenRecord record, UUID namedProject) {
        Rejection unusable = unusable(record, clock.instant());
        if (unusable != null) {
            return AuthOutcome.rejected(unusable);
        }
        if (record.projectId() != null) {
            if (namedProject != null && !namedProject.equals(record.projectId())) {
                return AuthOutcome.rejected(Rejection.OTHER_PROJECT);
            }
            return authenticated(record, record.projectId(), record.organizationId());
        }
        if (namedProject == null) {
            return authenticated(record, null, record.organizationId());
        }
        return null;
    }

    /** Why the token cannot authenticate at {@code now}, or null when it can ({@link TokenRecord#usableAt}). */
    static Rejection unusable(TokenRecord record, Instant now) {
        if (record.usableAt(now)) {
            return null;
        }
        return record.disabled() ? Rejection.DISABLED : record.expiredAt(now) ? Rejection.EXPIRED : Rejection.USER_INACTIVE;
    }

    /** Whether a token that is not bound to one project may act in {@code project}. */
    static boolean mayAct(TokenRecord record, ProjectRecord project) {
        if (record.isLogin()) {
            return record.userGlobalAdmin() || record.userOrganizationIds().contains(project.organizationId());
        }
        return project.organizationId().equals(record.organizationId());
    }

    private static AuthOutcome authenticated(TokenRecord record, UUID projectId, UUID organizationId) {
        return new AuthOutcome.Authenticated(AuthenticatedPrincipal.of(record, projectId, organizationId));
    }
}
