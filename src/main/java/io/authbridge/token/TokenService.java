package io.authbridge.token;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DataIntegrityViolationException;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every change to a token goes through here, so that every change is announced to the caches: a disable,
 * delete or permission change takes effect on the next request, not when a cache entry ages out.
 */
public class TokenService {

    private final TokenRepository repository;

    private final TokenHasher hasher;

    private final TokenInvalidation invalidation;

    private final Clock clock;

    TokenService(TokenRepository repository, TokenHasher hasher, TokenInvalidation invalidation, Clock clock) {
        this.repository = repository;
        this.hasher = hasher;
        this.invalidation = invalidation;
        this.clock = clock;
    }

    /** Mints a token; its secret is in the result and nowhere else. */
    public Mono<IssuedToken> issue(NewToken request) {
        String secret = request.style() == NewToken.SecretStyle.SIGNALWIRE ? TokenSecrets.signalWireStyle()
                : TokenSecrets.exceptionlessStyle();
        Instant now = clock.instant();
        StoredToken token = new StoredToken(UUID.randomUUID(), hasher.hash(secret), request.kind(),
                request.organizationId(), request.projectId(), request.userId(), request.name(), request.notes(),
                request.scopes(), request.permissions(), false, request.expiresUtc(), request.createdBy(), now, now, null);
        return repository.insert(token)
            // a secret probed before it existed may be cached as unknown
            .doOnSuccess(stored -> invalidation.tokenChanged(stored.secretHash()))
            .map(stored -> new IssuedToken(secret, stored));
    }

    /** Which of these secret hashes belong to a token already. */
    public Mono<Set<String>> existingHashes(Collection<String> secretHashes) {
        return repository.existingHashes(secretHashes);
    }

    /**
     * Stores tokens whose secrets were made elsewhere and arrive hashed (an import), in one statement, and
     * announces them to the caches (a secret tried before its import may be cached as unknown). The answer
     * says, in order, which were stored: a token whose hash the store holds by the time it is written (another
     * import of the same secret at the same moment) or whose project went away is not, and the others are.
     */
    public Mono<List<Boolean>> storeImported(List<StoredToken> imported) {
        return repository.insertAll(imported)
            .then(Mono.fromSupplier(() -> Collections.nCopies(imported.size(), true)))
            // one row of the batch was refused, so the statement stored none: store them one by one
            .onErrorResume(DataIntegrityViolationException.class, conflict -> Flux.fromIterable(imported)
                .concatMap(token -> repository.insert(token).thenReturn(true)
                    .onErrorResume(DataIntegrityViolationException.class, refused -> Mono.just(false)))
                .collectList())
            .doOnSuccess(stored -> {
                List<String> changed = new ArrayList<>();
                for (int i = 0; i < imported.size(); i++) {
                    if (stored.get(i)) {
                        changed.add(imported.get(i).secretHash());
                    }
                }
                invalidation.tokensChanged(changed);
            });
    }

    public Mono<StoredToken> findById(UUID id) {
        return repository.findById(id);
    }

    /** The token whose secret this is. */
    public Mono<StoredToken> findBySecret(String secret) {
        return repository.findByHash(hasher.hash(secret));
    }

    public Flux<StoredToken> listAccessTokensOfProject(UUID projectId) {
        return repository.listAccessTokensOfProject(projectId);
    }

    /** Saves the name, notes, permissions and disabled flag of {@code changed}. */
    public Mono<StoredToken> update(StoredToken changed) {
        StoredToken stamped = changed.withChanges(changed.name(), changed.notes(), changed.permissions(),
                changed.disabled(), clock.instant());
        return repository.update(stamped).doOnSuccess(saved -> invalidation.tokenChanged(saved.secretHash()));
    }

    /** Deletes the token; true when it existed. */
    public Mono<Boolean> delete(StoredToken token) {
        return repository.delete(token.id())
            .doOnSuccess(ignored -> invalidation.tokenChanged(token.secretHash()))
            .map(deleted -> deleted > 0);
    }

    /** Deletes every token of a user (login tokens and keys it owns). */
    public Mono<Long> deleteAllOfUser(UUID userId) {
        return repository.listTokensOfUser(userId).concatMap(this::delete).filter(Boolean::booleanValue).count();
    }

    /**
     * Makes every cache forget the tokens of a user, whose cached records carry the user's organizations:
     * after a membership change, the next request sees the new ones.
     */
    public Mono<Void> invalidateAllOfUser(UUID userId) {
        return repository.listTokensOfUser(userId).doOnNext(token -> invalidation.tokenChanged(token.secretHash())).then();
    }
}
