package io.authbridge.token;

import java.time.Clock;
import java.util.concurrent.Executor;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.authbridge.store.StoreProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.scheduler.Schedulers;

/** The token store, its caches and the keyed hash, wired from their properties. */
@Configuration(proxyBeanMethods = false)

class TokenConfiguration {

    @Bean
    TokenHasher tokenHasher(SecurityProperties properties) {
        return TokenHasher.from(properties);
    }

    @Bean
    TokenStore tokenStore(DatabaseClient databaseClient, StoreProperties storeProperties, MeterRegistry registry) {
        return new TimedTokenStore(new R2dbcTokenStore(databaseClient, storeProperties.timeout()), registry);
    }

    /**
     * Where the caches do their upkeep (draining the buffers that record reads and writes, evicting, expiring):
     * on a thread that uses the cache, the one that filled a buffer (an event loop, the thread completing a
     * store read, the one invalidating). Caffeine takes its eviction lock with a try-lock there, and waits
     * for it only when its write buffer is full. Handing the upkeep to the common pool cost every few hundred
     * cached lookups a wake-up of another thread and, on a gateway with one core, two context switches and
     * a contended lock: about 3 % of the CPU of an authenticated request (bench/README). Store reads never
     * run here: they start on {@code boundedElastic}.
     */
    static final Executor UPKEEP = Runnable::run;

    @Bean
    TokenCache tokenCache(TokenStore store, TokenCacheProperties properties, MeterRegistry registry) {
        TokenCache cache = new TokenCache(store, properties, Ticker.systemTicker(), UPKEEP,
                Schedulers.boundedElastic(), Clock.systemUTC());
        cache.bindTo(registry);
        return cache;
    }

    @Bean
    TokenService tokenService(DatabaseClient databaseClient, StoreProperties storeProperties, TokenHasher hasher,
            TokenInvalidation invalidation, TransactionalOperator transactions) {
        return new TokenService(new TokenRepository(databaseClient, storeProperties.timeout()), hasher, invalidation,
                transactions, Clock.systemUTC());
    }

    /**
     * This instance's cache only. With a PostgreSQL store, the invalidation package's {@code @Primary} one
     * also tells the other instances.
     */
    @Bean
    TokenInvalidation localTokenInvalidation(TokenCache cache) {
        return cache::invalidate;
    }

    @Bean
    ProjectCache projectCache(TokenStore store, TokenCacheProperties properties) {
        return new ProjectCache(store, properties, Ticker.systemTicker(), UPKEEP,
                Schedulers.boundedElastic());
    }
}
