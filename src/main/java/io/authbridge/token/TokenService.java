package io.authbridge.token;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every change to a token goes through here, so that every change is announced to the caches: a disable,
 * delete or permission change takes effect on the next request, not when a cache entry ages out.
 *
 * <p>A token an API key minted lives in that key's minting tree: disabling the key disables every token below it
 * (until the key is enabled again), deleting the key deletes them, and a key expires them already (they inherit its
 * expiry when minted). The tree is written in the transaction that changes the key, under a lock on the root of its
 * chain, and every token of it is announced to the caches once it is committed: the request path reads one row per
 * token, as before, and pays nothing for the chain.
 */
public class TokenService {

    private final TokenRepository repository;

    private final TokenHasher hasher;

    private final TokenInvalidation invalidation;

    private final TransactionalOperator transactions;

    private final Clock clock;

    /** What an update waits for before it takes its chain's lock: nothing, but tests hold a request there. */
    private volatile Function<UUID, Mono<Void>> beforeLock = id -> Mono.empty();

    TokenService(TokenRepository repository, TokenHasher hasher, TokenInvalidation invalidation,
            TransactionalOperator transactions, Clock clock) {
        this.repository = repository;
        this.hasher = hasher;
        this.invalidation = invalidation;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Mints a token; its secret is in the result and nowhere else. A token an API key mints ({@link NewToken#mintedBy})
     * completes empty instead when that key is disabled, expired or gone by the time it is written: a revoked key mints nothing,
     * whatever a cache still believed when its request was authenticated.
     */
    public Mono<IssuedToken> issue(NewToken request) {
        String secret = request.style() == NewToken.SecretStyle.SIGNALWIRE ? TokenSecrets.signalWireStyle()
                : TokenSecrets.exceptionlessStyle();
        Instant now = clock.instant();
        StoredToken token = new StoredToken(UUID.randomUUID(), hasher.hash(secret), request.kind(),
                request.organizationId(), request.projectId(), request.userId(), request.name(), request.notes(),
                request.scopes(), request.permissions(), false, request.expiresUtc(), request.createdBy(), now, now, null,
                request.mintedBy(), false);
        Mono<StoredToken> inserted = request.mintedBy() == null ? repository.insert(token)
                : transactions.transactional(repository.lockChain(request.mintedBy())
                    .then(repository.findById(request.mintedBy()))
                    .filter(minter -> !minter.effectivelyDisabled()
                            && (minter.expiresUtc() == null || minter.expiresUtc().isAfter(now)))
                    .flatMap(minter -> repository.insert(token)));
        return inserted
            // a secret probed before it existed may be cached as unknown
            .doOnSuccess(stored -> {
                if (stored != null) {
                    invalidation.tokenChanged(stored.secretHash());
                }
            })
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

    /**
     * Applies {@code change} to the token as it is under the lock of its chain, and writes only the fields the change
     * names: a change never writes back what it read before the lock, so a concurrent change to another field (a
     * disable while a rename waited) is never lost. Then writes whether each token minted below it is disabled by its
     * chain (true while a key above it is disabled). The answer is the token as saved, with that state of the token
     * itself; empty when the token is gone.
     */
    public Mono<StoredToken> update(UUID id, TokenChange change) {
        Instant now = clock.instant();
        List<String> announced = new ArrayList<>();
        return transactions.transactional(Mono.defer(() -> beforeLock.apply(id))
                .then(repository.lockChain(id))
                .then(repository.findByIdForUpdate(id))
                .flatMap(current -> {
                    StoredToken saved = change.applyTo(current, now);
                    announced.add(saved.secretHash());
                    return repository.update(id, change, now)
                        .then(repository.mintedTree(id).collectList())
                        .flatMap(tree -> cascadeDisabled(tree, announced))
                        .map(saved::withMinterDisabled)
                        .defaultIfEmpty(saved);
                }))
            .doOnSuccess(saved -> {
                if (saved != null) {
                    announce(announced);
                }
            });
    }

    /**
     * Holds every update of a token, after its request read the token and before it takes the chain's lock, until
     * the answer of {@code hook} for the token's id completes: how a test makes a request read before another one's
     * change commits, where the store has no lock a test can hold without blocking a thread (H2).
     */
    void beforeLock(Function<UUID, Mono<Void>> hook) {
        this.beforeLock = hook;
    }

    /**
     * Writes the chain's disabled state down a minting tree just read (parents first, the changed token first of
     * all) and completes with whether the changed token is disabled by its own chain; adds the hash of every token
     * below it to {@code announced}.
     */
    private Mono<Boolean> cascadeDisabled(List<TokenRepository.Minted> tree, List<String> announced) {
        if (tree.isEmpty()) {
            return Mono.empty();
        }
        Map<UUID, Boolean> refused = new HashMap<>();
        List<UUID> disable = new ArrayList<>();
        List<UUID> enable = new ArrayList<>();
        TokenRepository.Minted top = tree.get(0);
        refused.put(top.id(), top.effectivelyDisabled());
        for (TokenRepository.Minted minted : tree.subList(1, tree.size())) {
            boolean minterDisabled = refused.get(minted.mintedBy());
            refused.put(minted.id(), minted.disabled() || minterDisabled);
            if (minterDisabled != minted.minterDisabled()) {
                (minterDisabled ? disable : enable).add(minted.id());
            }
            announced.add(minted.secretHash());
        }
        return repository.setMinterDisabled(disable, true)
            .then(repository.setMinterDisabled(enable, false))
            .thenReturn(top.minterDisabled());
    }

    /**
     * Deletes the token and every token minted below it; true when it existed. Each of them is announced to the
     * caches once the deletion is committed.
     */
    public Mono<Boolean> delete(StoredToken token) {
        List<String> announced = new ArrayList<>(List.of(token.secretHash()));
        return transactions.transactional(repository.lockChain(token.id())
                .thenMany(repository.mintedTree(token.id()))
                .doOnNext(minted -> announced.add(minted.secretHash()))
                .then(repository.delete(token.id())))
            .defaultIfEmpty(0L)
            .doOnSuccess(ignored -> announce(announced))
            .map(deleted -> deleted > 0);
    }

    /** Tells the caches about changed tokens: one notice for one token, one statement for many. */
    private void announce(List<String> secretHashes) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(secretHashes));
        if (distinct.size() == 1) {
            invalidation.tokenChanged(distinct.get(0));
        }
        else {
            invalidation.tokensChanged(distinct);
        }
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
