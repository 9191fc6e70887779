package io.authbridge.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Interner;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Token records by secret hash, in front of the store. Concurrent first requests for one token share one
 * store read; unknown tokens are remembered for the negative TTL; a record is trusted at most
 * {@code expire-after-write} and never past its own expiry. A store failure is not cached: the next
 * request tries again. What the record allows is decided by the caller on every request.
 */
public final class TokenCache {

    /** The cached value of a token the store does not know; never handed out. */
    private static final TokenRecord UNKNOWN = new TokenRecord(new UUID(0, 0), TokenKind.ACCESS, null, null, null, 0, 0,
            true, null, Set.of(), false, false);

    private static final Lookup UNKNOWN_LOOKUP = new Lookup(null);

    /**
     * Keyed by the hash's bits rather than its text, valued by the record itself; organization and project
     * ids are shared between the records of one project ({@link #compact}): about 300 bytes per record.
     */
    private final AsyncLoadingCache<HashKey, TokenRecord> cache;

    /** One instance per organization or project id, however many cached records name it. */
    private final Interner<UUID> ids = Interner.newWeakInterner();

    /** The cache's statistics; {@link #ready} records its hits here, as a lookup through the cache would. */
    private final StatsCounter stats = new ConcurrentStatsCounter();

    /** Told the public id of every known token this cache is made to forget ({@link #onForget}). */
    private final List<Consumer<UUID>> forgetListeners = new CopyOnWriteArrayList<>();

    /** A cache whose store reads start on {@code executor} (tests pass {@code Runnable::run}). */
    public TokenCache(TokenStore store, TokenCacheProperties properties, Ticker ticker, Executor executor, Clock clock) {
        this(store, properties, ticker, executor, Schedulers.fromExecutor(executor), clock);
    }

    /**
     * @param reads where store reads are started. Never the caller's thread in production: Caffeine calls
     *     the loader inside a hash-bin lock, and a driver that answers synchronously (embedded H2, or an
     *     R2DBC pool handing a freed connection to a waiting read) would complete other loads under that
     *     lock, which deadlocked with Caffeine's maintenance under an unknown-token flood. It also keeps
     *     H2's blocking queries off the event loop.
     */
    public TokenCache(TokenStore store, TokenCacheProperties properties, Ticker ticker, Executor executor,
            Scheduler reads, Clock clock) {
        this.cache = Caffeine.newBuilder()
            .maximumSize(properties.maximumSize())
            .expireAfter(new RecordExpiry(properties, clock))
            .refreshAfterWrite(properties.refreshAfterWrite())
            .ticker(ticker)
            .executor(executor)
            .recordStats(() -> stats)
            .removalListener((HashKey key, TokenRecord record, RemovalCause cause) -> forgotten(record, cause))
            .buildAsync((key, ignored) -> load(store, key, reads));
    }

    private CompletableFuture<TokenRecord> load(TokenStore store, HashKey key, Scheduler reads) {
        // a plain future, not Reactor's toFuture(): the cache keeps it as long as the record, and Reactor's
        // holds a reference to the finished subscription besides (48 bytes a record instead of 24)
        CompletableFuture<TokenRecord> future = new CompletableFuture<>();
        store.findByHash(key.hash()).subscribeOn(reads).map(this::compact).defaultIfEmpty(UNKNOWN)
            .subscribe(future::complete, future::completeExceptionally);
        return future;
    }

    /** The record with the shared instances of its organization and project ids. */
    private TokenRecord compact(TokenRecord record) {
        UUID organization = record.organizationId() == null ? null : ids.intern(record.organizationId());
        UUID project = record.projectId() == null ? null : ids.intern(record.projectId());
        if (organization == record.organizationId() && project == record.projectId()) {
            return record;
        }
        return new TokenRecord(record.id(), record.kind(), organization, project, record.userId(), record.scopes(),
                record.permissions(), record.disabled(), record.expiresAt(), record.userOrganizationIds(),
                record.userGlobalAdmin(), record.userActive());
    }

    /**
     * The record of the token with this secret hash; empty when the store does not know it; a
     * {@link StoreUnavailableException} when it is not cached and the store does not answer.
     */
    public Mono<TokenRecord> find(String secretHash) {
        HashKey key = HashKey.of(secretHash);
        if (key == null) {
            // not a hash this gateway writes: no token is stored under it
            return Mono.empty();
        }
        // suppressCancel: one client's disconnect must not cancel a load other requests wait on
        return Mono.fromFuture(() -> cache.get(key), true).filter(record -> record != UNKNOWN);
    }

    /**
     * What the cache can answer for this hash at once, without a store read and without waiting: the lookup
     * (whose record is null for a token the store does not know), or null when the record is not cached, is
     * still loading or failed to load (then {@link #find}). Counts as a cache hit; starts a refresh when due.
     */
    public Lookup ready(String secretHash) {
        HashKey key = HashKey.of(secretHash);
        CompletableFuture<TokenRecord> future = key == null ? null : cache.asMap().get(key);
        if (future == null || !future.isDone() || future.isCompletedExceptionally()) {
            return null;
        }
        stats.recordHits(1);
        TokenRecord record = future.getNow(null);
        return record == UNKNOWN ? UNKNOWN_LOOKUP : new Lookup(record);
    }

    /** Whether a record (known or unknown) for this hash is cached or being loaded: no new store read. */
    public boolean isCached(String secretHash) {
        HashKey key = HashKey.of(secretHash);
        return key != null && cache.asMap().containsKey(key);
    }

    /**
     * Tells {@code listener} the public id of each known token that this cache forgets because it changed
     * (here, or announced by another instance) or because notices may have been missed: what was derived
     * from the old record must go too.
     */
    public void onForget(Consumer<UUID> listener) {
        forgetListeners.add(listener);
    }

    private void forgotten(TokenRecord record, RemovalCause cause) {
        if (cause == RemovalCause.EXPLICIT && record != null && record != UNKNOWN) {
            for (Consumer<UUID> listener : forgetListeners) {
                listener.accept(record.id());
            }
        }
    }

    /** Forgets one token, so that the next request reads the store. */
    public void invalidate(String secretHash) {
        HashKey key = HashKey.of(secretHash);
        if (key != null) {
            cache.synchronous().invalidate(key);
        }
    }

    /** Forgets every token: after missed change notifications. */
    public void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

    public long estimatedSize() {
        return cache.synchronous().estimatedSize();
    }

    /** Hits, misses, loads and evictions as {@code cache.*} metrics named {@code authbridge.tokens}. */
    public void bindTo(MeterRegistry registry) {
        CaffeineCacheMetrics.monitor(registry, cache, "authbridge.tokens");
    }

    public CacheStats stats() {
        return cache.synchronous().stats();
    }

    /** A known record, or (record null) a token the store does not know. */
    public record Lookup(TokenRecord record) {
    }

    private static final class RecordExpiry implements Expiry<HashKey, TokenRecord> {

        private final long positiveNanos;

        private final long negativeNanos;

        private final Clock clock;

        RecordExpiry(TokenCacheProperties properties, Clock clock) {
            this.positiveNanos = properties.expireAfterWrite().toNanos();
            this.negativeNanos = properties.negativeTtl().toNanos();
            this.clock = clock;
        }

        @Override
        public long expireAfterCreate(HashKey key, TokenRecord value, long currentTime) {
            if (value == UNKNOWN) {
                return negativeNanos;
            }
            Instant expiresAt = value.expiresAt();
            if (expiresAt == null) {
                return positiveNanos;
            }
            Duration untilExpiry = Duration.between(clock.instant(), expiresAt);
            if (untilExpiry.isNegative() || untilExpiry.isZero()) {
                // Already expired: rejected on every use, so remembered like an unknown token. An expiry of 0
                // would drop the entry as its load completes, and the requests waiting on it never got an answer.
                return negativeNanos;
            }
            return untilExpiry.compareTo(Duration.ofNanos(positiveNanos)) >= 0 ? positiveNanos : untilExpiry.toNanos();
        }

        @Override
        public long expireAfterUpdate(HashKey key, TokenRecord value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(HashKey key, TokenRecord value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
