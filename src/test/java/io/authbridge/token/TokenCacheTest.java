package io.authbridge.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import io.authbridge.directory.DirectoryStore;
import io.authbridge.directory.Organization;
import io.authbridge.directory.Project;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token cache in front of the real R2DBC store (in-memory H2), with time under the test's control:
 * single flight, negative entries, expiry and store failures.
 */
class TokenCacheTest {

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(5);

    private final FakeTime time = new FakeTime();

    private CountingStore store;

    private TokenCache cache;

    private TokenService service;

    private TokenHasher hasher;

    private Project project;

    @BeforeEach
    void setUp() {
        String name = "cache-test-" + UUID.randomUUID();
        Flyway.configure().dataSource("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "")
            .locations("classpath:db/migration").load().migrate();
        ConnectionFactory connections = ConnectionFactories.get(ConnectionFactoryOptions
            .parse("r2dbc:h2:mem:///" + name + ";DB_CLOSE_DELAY=-1")
            .mutate()
            .option(ConnectionFactoryOptions.USER, "sa")
            .option(ConnectionFactoryOptions.PASSWORD, "")
            .build());
        DatabaseClient db = DatabaseClient.create(connections);
        store = new CountingStore(new R2dbcTokenStore(db, STORE_TIMEOUT));
        cache = new TokenCache(store, new TokenCacheProperties(Duration.ofMinutes(5), Duration.ofSeconds(30),
                Duration.ofSeconds(10), 1000), time, Runnable::run, time.clock());
        hasher = new TokenHasher("cache-test-pepper-0123456789".getBytes());
        service = new TokenService(new TokenRepository(db, STORE_TIMEOUT), hasher, cache::invalidate,
                TransactionalOperator.create(new R2dbcTransactionManager(connections)), time.clock());
        DirectoryStore directory = new DirectoryStore(db, STORE_TIMEOUT);
        Instant now = time.clock().instant();
        Organization organization = directory.createOrganization(new Organization(UUID.randomUUID(), "Org", now, now))
            .block();
        project = directory.createProject(new Project(UUID.randomUUID(), organization.id(), null, "P", false, now, now))
            .block();
    }

    private IssuedToken issue(Instant expires) {
        return service.issue(new NewToken(TokenKind.ACCESS, project.organizationId(), project.id(), null, "n", null,
                Scope.CLIENT.bit(), Permission.CALLING.bit(), expires, null, NewToken.SecretStyle.SIGNALWIRE)).block();
    }

    private TokenRecord find(IssuedToken token) {
        return cache.find(token.stored().secretHash()).block();
    }

    @Test
    void thousandConcurrentLookupsOfOneNewTokenReadTheStoreOnce() {
        IssuedToken token = issue(null);
        String hash = token.stored().secretHash();

        var records = Flux.range(0, 1000)
            .flatMap(i -> cache.find(hash).subscribeOn(Schedulers.parallel()), 1000)
            .collectList()
            .block(Duration.ofSeconds(30));

        assertThat(records).hasSize(1000).allMatch(record -> record.id().equals(token.stored().id()));
        assertThat(store.reads(hash)).isEqualTo(1);
    }

    @Test
    void thousandConcurrentLookupsOfOneUnknownTokenReadTheStoreOnce() {
        String hash = hasher.hash("never-issued");

        Long found = Flux.range(0, 1000)
            .flatMap(i -> cache.find(hash).subscribeOn(Schedulers.parallel()), 1000)
            .count()
            .block(Duration.ofSeconds(30));

        assertThat(found).isZero();
        assertThat(store.reads(hash)).isEqualTo(1);
    }

    @Test
    void cachedRecordIsServedWithoutAStoreRead() {
        IssuedToken token = issue(null);
        find(token);
        time.advance(Duration.ofSeconds(29));

        assertThat(find(token).permissions()).isEqualTo(Permission.CALLING.bit());
        assertThat(store.reads(token.stored().secretHash())).isEqualTo(1);
    }

    @Test
    void aLoadedRecordIsReadyAtOnceAndCountsAsAHit() {
        IssuedToken token = issue(null);
        String hash = token.stored().secretHash();
        assertThat(cache.ready(hash)).as("before any lookup").isNull();

        find(token);
        long hits = cache.stats().hitCount();

        assertThat(cache.ready(hash).record().id()).isEqualTo(token.stored().id());
        assertThat(cache.stats().hitCount()).isEqualTo(hits + 1);
        assertThat(store.reads(hash)).isEqualTo(1);
    }

    @Test
    void anUnknownTokenIsReadyAsUnknownAndAFailedLoadIsNotReady() {
        String unknown = hasher.hash("unknown-secret");
        StepVerifier.create(cache.find(unknown)).verifyComplete();
        assertThat(cache.ready(unknown)).isNotNull().extracting(TokenCache.Lookup::record).isNull();

        store.failing.set(true);
        String failed = hasher.hash("unlucky-secret");
        StepVerifier.create(cache.find(failed)).verifyError(StoreUnavailableException.class);
        assertThat(cache.ready(failed)).isNull();
    }

    @Test
    void aReadyRecordIsGoneAfterExpireAfterWrite() {
        IssuedToken token = issue(null);
        find(token);

        time.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertThat(cache.ready(token.stored().secretHash())).isNull();
    }

    @Test
    void unknownTokenIsRememberedForTheNegativeTtl() {
        String hash = hasher.hash("unknown-secret");

        StepVerifier.create(cache.find(hash)).verifyComplete();
        time.advance(Duration.ofSeconds(9));
        StepVerifier.create(cache.find(hash)).verifyComplete();
        assertThat(store.reads(hash)).isEqualTo(1);

        time.advance(Duration.ofSeconds(2));
        StepVerifier.create(cache.find(hash)).verifyComplete();
        assertThat(store.reads(hash)).isEqualTo(2);
    }

    @Test
    void recordIsReadAgainAfterExpireAfterWrite() {
        IssuedToken token = issue(null);
        String hash = token.stored().secretHash();
        find(token);
        // a change that bypasses the invalidation: only the bounds of the cache can reveal it
        store.delegateWith(record -> null);

        time.advance(Duration.ofMinutes(5).plusSeconds(1));

        StepVerifier.create(cache.find(hash)).verifyComplete();
        assertThat(store.reads(hash)).isEqualTo(2);
    }

    @Test
    void lookupOfAnAlreadyExpiredTokenCompletesAndIsRememberedLikeAnUnknownOne() {
        IssuedToken token = issue(time.clock().instant().minusSeconds(1));
        String hash = token.stored().secretHash();

        TokenRecord record = cache.find(hash).block(Duration.ofSeconds(5));
        assertThat(record).isNotNull();
        assertThat(record.usableAt(time.clock().instant())).isFalse();
        cache.find(hash).block(Duration.ofSeconds(5));
        assertThat(store.reads(hash)).isEqualTo(1);
    }

    @Test
    void recordNeverOutlivesItsOwnExpiry() {
        IssuedToken token = issue(time.clock().instant().plusSeconds(20));
        String hash = token.stored().secretHash();
        assertThat(find(token)).isNotNull();

        time.advance(Duration.ofSeconds(21));
        find(token);

        assertThat(store.reads(hash)).isEqualTo(2);
    }

    @Test
    void staleRecordIsRefreshedInTheBackgroundAfterRefreshAfterWrite() {
        IssuedToken token = issue(null);
        String hash = token.stored().secretHash();
        find(token);
        store.delegateWith(record -> new TokenRecord(record.id(), record.kind(), record.organizationId(),
                record.projectId(), record.userId(), record.scopes(), record.permissions(), true, record.expiresAt(),
                record.userOrganizationIds(), record.userGlobalAdmin(), record.userActive()));
        time.advance(Duration.ofSeconds(31));

        find(token);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> find(token).disabled());
        assertThat(store.reads(hash)).isEqualTo(2);
    }

    @Test
    void updateAndDeleteInvalidateTheCachedRecord() {
        IssuedToken token = issue(null);
        String hash = token.stored().secretHash();
        assertThat(find(token).disabled()).isFalse();

        StoredToken stored = token.stored();
        service.update(stored.id(), TokenChange.disable(true))
            .block();
        assertThat(find(token).disabled()).isTrue();

        service.delete(stored).block();
        StepVerifier.create(cache.find(hash)).verifyComplete();
        assertThat(store.reads(hash)).isEqualTo(3);
    }

    @Test
    void storeFailureIsNotCachedAndTheNextLookupTriesAgain() {
        IssuedToken token = issue(null);
        String hash = token.stored().secretHash();
        store.failing.set(true);

        StepVerifier.create(cache.find(hash)).verifyError(StoreUnavailableException.class);

        store.failing.set(false);
        assertThat(find(token).id()).isEqualTo(token.stored().id());
        assertThat(store.reads(hash)).isEqualTo(2);
    }

    @Test
    void cachedRecordKeepsWorkingWhileTheStoreIsDown() {
        IssuedToken token = issue(null);
        find(token);
        store.failing.set(true);

        time.advance(Duration.ofMinutes(4));

        assertThat(find(token).id()).isEqualTo(token.stored().id());
    }

    @Test
    void forgettingAKnownTokenTellsItsPublicIdToWhatWasDerivedFromIt() {
        java.util.List<UUID> forgotten = new java.util.concurrent.CopyOnWriteArrayList<>();
        cache.onForget(forgotten::add);
        IssuedToken token = issue(null);
        find(token);

        cache.invalidate(token.stored().secretHash());
        cache.invalidate("unknown-hash");

        assertThat(forgotten).containsExactly(find(token).id());
    }

    /** Caffeine's clock and the wall clock, moved together by the test. */
    static final class FakeTime implements Ticker {

        private final AtomicLong nanos = new AtomicLong();

        private final Instant start = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }

        Clock clock() {
            return new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return start.plusNanos(nanos.get());
                }
            };
        }
    }

    /** The real store, counting reads per hash; it can be made to fail or to alter what it returns. */
    static final class CountingStore implements TokenStore {

        private final TokenStore delegate;

        private final java.util.Map<String, AtomicInteger> reads = new java.util.concurrent.ConcurrentHashMap<>();

        final AtomicBoolean failing = new AtomicBoolean();

        private volatile java.util.function.UnaryOperator<TokenRecord> alter = record -> record;

        CountingStore(TokenStore delegate) {
            this.delegate = delegate;
        }

        int reads(String hash) {
            AtomicInteger count = reads.get(hash);
            return count == null ? 0 : count.get();
        }

        void delegateWith(java.util.function.UnaryOperator<TokenRecord> alter) {
            this.alter = alter;
        }

        @Override
        public Mono<TokenRecord> findByHash(String secretHash) {
            reads.computeIfAbsent(secretHash, ignored -> new AtomicInteger()).incrementAndGet();
            if (failing.get()) {
                return Mono.error(new StoreUnavailableException("the store is down (test)", null));
            }
            return delegate.findByHash(secretHash).mapNotNull(alter);
        }

        @Override
        public Mono<ProjectRecord> findProject(UUID projectId) {
            return delegate.findProject(projectId);
        }
    }
}
