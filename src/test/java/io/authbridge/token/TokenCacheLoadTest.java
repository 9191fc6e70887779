package io.authbridge.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** How many store reads the cache lets through under concurrent and hostile load. */
class TokenCacheLoadTest {

    private static final TokenHasher HASHER = new TokenHasher("load-test-pepper-0123456789".getBytes(StandardCharsets.UTF_8));

    private static final TokenCacheProperties PROPERTIES = new TokenCacheProperties(Duration.ofMinutes(5),
            Duration.ofSeconds(30), Duration.ofSeconds(10), 1_000_000);

    private final AtomicInteger reads = new AtomicInteger();

    private final String knownHash = HASHER.hash("known-token-0123456789012345678901234567");

    /** A store that answers after 50 ms, as a remote database would, and counts the reads. */
    private final TokenStore store = new TokenStore() {
        @Override
        public Mono<TokenRecord> findByHash(String secretHash) {
            return Mono.delay(Duration.ofMillis(50)).then(Mono.fromSupplier(() -> {
                reads.incrementAndGet();
                return secretHash.equals(knownHash) ? record() : null;
            }));
        }

        @Override
        public Mono<ProjectRecord> findProject(UUID projectId) {
            return Mono.empty();
        }
    };

    /** Configured as in production: upkeep on the caller's thread, store reads started on boundedElastic. */
    private final TokenCache cache = new TokenCache(store, PROPERTIES, Ticker.systemTicker(), TokenConfiguration.UPKEEP,
            Schedulers.boundedElastic(), Clock.systemUTC());

    @Test
    void thousandConcurrentRequestsForAColdTokenCauseOneStoreRead() {
        List<TokenRecord> found = Flux.range(0, 1000)
            .flatMap(i -> cache.find(knownHash).subscribeOn(Schedulers.parallel()), 1000)
            .collectList()
            .block(Duration.ofSeconds(10));

        assertThat(found).hasSize(1000).allSatisfy(record -> assertThat(record.projectId()).isNotNull());
        assertThat(reads).hasValue(1);
    }

    @Test
    void anUnknownTokenRepeatedIsReadOnceAndRemembered() {
        String unknown = HASHER.hash("unknown-token-012345678901234567890123456");

        Long answered = Flux.range(0, 1000)
            .flatMap(i -> cache.find(unknown).subscribeOn(Schedulers.parallel()).hasElement(), 1000)
            .filter(present -> !present)
            .count()
            .block(Duration.ofSeconds(10));

        assertThat(answered).isEqualTo(1000);
        assertThat(reads).hasValue(1);
    }

    @Test
    void aFloodOfDistinctUnknownTokensCostsOneReadEachAndNeverRereads() {
        int distinct = 20_000;
        Flux.range(0, distinct * 2)
            .flatMap(i -> cache.find(HASHER.hash("flood-" + (i % distinct))).hasElement(), 256)
            .blockLast(Duration.ofSeconds(60));

        assertThat(reads).hasValue(distinct);
        assertThat(cache.find(knownHash).block()).isNotNull();
    }

    @Test
    void storeReadsStartOffTheCallersThreadSoASynchronousDriverNeverCompletesLoadsInsideTheCache() {
        java.util.concurrent.atomic.AtomicReference<Thread> readOn = new java.util.concurrent.atomic.AtomicReference<>();
        TokenStore synchronous = new TokenStore() {
            @Override
            public Mono<TokenRecord> findByHash(String secretHash) {
                return Mono.fromSupplier(() -> {
                    readOn.set(Thread.currentThread());
                    return record();
                });
            }

            @Override
            public Mono<ProjectRecord> findProject(UUID projectId) {
                return Mono.empty();
            }
        };
        TokenCache production = new TokenCache(synchronous, PROPERTIES, Ticker.systemTicker(), TokenConfiguration.UPKEEP,
                Schedulers.boundedElastic(), Clock.systemUTC());

        assertThat(production.find(knownHash).block(Duration.ofSeconds(5))).isNotNull();
        assertThat(readOn.get()).isNotNull().isNotSameAs(Thread.currentThread());
    }

    private static TokenRecord record() {
        return new TokenRecord(UUID.randomUUID(), TokenKind.ACCESS, UUID.randomUUID(), UUID.randomUUID(), null,
                Scope.CLIENT.bit(), 0, false, null, Set.of(), false, true);
    }
}
