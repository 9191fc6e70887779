package io.authbridge.token;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Which organization a project belongs to, for the tokens that are not bound to one project (login tokens,
 * organization keys). Projects never change organization, so entries only expire to bound memory and to
 * notice deleted projects.
 */
public final class ProjectCache {

    private final AsyncLoadingCache<UUID, Optional<ProjectRecord>> cache;

    public ProjectCache(TokenStore store, TokenCacheProperties properties, Ticker ticker, Executor executor) {
        this(store, properties, ticker, executor, Schedulers.fromExecutor(executor));
    }

    /** @param reads where store reads are started: never the caller's thread (see {@link TokenCache}) */
    public ProjectCache(TokenStore store, TokenCacheProperties properties, Ticker ticker, Executor executor,
            Scheduler reads) {
        this.cache = Caffeine.newBuilder()
            .maximumSize(Math.min(properties.maximumSize(), 100_000))
            .expireAfterWrite(properties.expireAfterWrite())
            .ticker(ticker)
            .executor(executor)
            .buildAsync((id, ignored) -> store.findProject(id).subscribeOn(reads).map(Optional::of).defaultIfEmpty(Optional.empty()).toFuture());
    }

    /** The project, empty when it does not exist, {@link StoreUnavailableException} when unknown and the store is down. */
    public Mono<ProjectRecord> find(UUID projectId) {
        return Mono.fromFuture(() -> cache.get(projectId), true).flatMap(Mono::justOrEmpty);
    }

    public void invalidate(UUID projectId) {
        cache.synchronous().invalidate(projectId);
    }

    public void invalidateAll() {
        cache.synchronous().invalidateAll();
    }

}
