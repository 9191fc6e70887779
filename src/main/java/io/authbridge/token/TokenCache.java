package io.authbridge.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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

    private static final Lookup UNKNOWN = new Lookup(null);

    private final AsyncLoadingCache<String, Lookup> cache;

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
            .removalListener((String hash, Lookup lookup, RemovalCause cause) -> forgotten(lookup, cause))
            .buildAsync((hash, ignored) -> load(store, hash, reads));
    }

    private static CompletableFuture<Lookup> load(TokenStore store, String hash, Scheduler reads) {
        return store.findByHash(hash).subscribeOn(reads).map(Lookup::new).defaultIfEmpty(UNKNOWN).toFuture();
    }

    /**
     * The record of the token with this secret hash; empty when the store does not know it; a
     * {@link StoreUnavailableException} when it is not cached and the store does not answer.
     */
    public Mono<TokenRecord> find(String secretHash) {
        // suppressCancel: one client's disconnect must not cancel a load other requests wait on
        return Mono.fromFuture(() -> cache.get(secretHash), true).mapNotNull(Lookup::record);
    }

    /**
     * What the cache can answer for this hash at once, without a store read and without waiting: the lookup
     * (whose record is null for a token the store does not know), or null when the record is not cached, is
     * still loading or failed to load (then {@link #find}). Counts as a cache hit; starts a refresh when due.
     */
    public Lookup ready(String secretHash) {
        CompletableFuture<Lookup> future = cache.asMap().get(secretHash);
        if (future == null || !future.isDone() || future.isCompletedExceptionally()) {
            return null;
        }
        stats.recordHits(1);
        return future.getNow(null);
    }

    /** Whether a record (known or unknown) for this hash is cached or being loaded: no new store read. */
    public boolean isCached(String secretHash) {
        return cache.asMap().containsKey(secretHash);
    }

    /**
     * Tells {@code listener} the public id of each known token that this cache forgets because it changed
     * (here, or announced by another instance) or because notices may have been missed: what was derived
     * from the old record must go too.
     */
    public void onForget(Consumer<UUID> listener) {
        forgetListeners.add(listener);
    }

    private void forgotten(Lookup lookup, RemovalCause cause) {
        if (cause == RemovalCause.EXPLICIT && lookup != null && lookup.record() != null) {
            for (Consumer<UUID> listener : forgetListeners) {
                listener.accept(lookup.record().id());
            }
        }
    }

    /** Forgets one token, so that the next request reads the store. */
    public void invalidate(String secretHash) {
        cache.synchronous().invalidate(secretHash);
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

    private static final class RecordExpiry implements Expiry<String, Lookup> {

        private final long positiveNanos;

        private final long negativeNanos;

        private final Clock clock;

        RecordExpiry(TokenCacheProperties properties, Clock clock) {
            this.positiveNanos = properties.expireAfterWrite().toNanos();
            this.negativeNanos = properties.negativeTtl().toNanos();
            this.clock = clock;
        }

        @Override
        public long expireAfterCreate(String key, Lookup value, long currentTime) {
            if (value.record() == null) {
                return negativeNanos;
            }
            Instant expiresAt = value.record().expiresAt();
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
        public long expireAfterUpdate(String key, Lookup value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Lookup value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
