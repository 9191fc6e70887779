package io.authbridge.invalidation;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.authbridge.token.TokenCache;
import io.authbridge.token.TokenInvalidation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.util.retry.Retry;

/**
 * A token change with a shared PostgreSQL store: forgets the token in this instance's cache at once, then
 * announces it with {@code pg_notify} so that every instance's {@link PostgresNotificationListener} forgets
 * it too. Inside a transaction PostgreSQL delivers the notice only on commit, so nobody re-reads the old row.
 * A notice that cannot be sent is retried, then counted and logged: the other instances then trust the old
 * record at most {@code expire-after-write}.
 */
final class NotifyingTokenInvalidation implements TokenInvalidation {

    private static final Logger log = LoggerFactory.getLogger(NotifyingTokenInvalidation.class);

    private final TokenCache cache;

    private final DatabaseClient db;

    private final String channel;

    private final Clock clock;

    private final Counter published;

    private final Counter failed;

    NotifyingTokenInvalidation(TokenCache cache, DatabaseClient db, String channel, Clock clock, MeterRegistry meters) {
        this.cache = cache;
        this.db = db;
        this.channel = channel;
        this.clock = clock;
        this.published = Counter.builder("authbridge.invalidation.published")
            .description("Token change notices sent to the other instances")
            .register(meters);
        this.failed = Counter.builder("authbridge.invalidation.publish.failures")
            .description("Token change notices that could not be sent; other instances rely on expire-after-write")
            .register(meters);
    }

    @Override
    public void tokenChanged(String secretHash) {
        cache.invalidate(secretHash);
        String payload = new ChangeNotice(secretHash, clock.millis()).payload();
        publish(db.sql("SELECT pg_notify(:channel, :payload)").bind("channel", channel).bind("payload", payload), 1);
    }

    /** Many tokens at once (an import's batch): one statement sends every notice, not one query per token. */
    @Override
    public void tokensChanged(List<String> secretHashes) {
        if (secretHashes.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("SELECT pg_notify(:channel, notice) FROM (VALUES ");
        for (int i = 0; i < secretHashes.size(); i++) {
            cache.invalidate(secretHashes.get(i));
            sql.append(i == 0 ? "" : ", ").append("(CAST(:notice").append(i).append(" AS TEXT))");
        }
        Map<String, Object> values = new HashMap<>();
        values.put("channel", channel);
        long now = clock.millis();
        for (int i = 0; i < secretHashes.size(); i++) {
            values.put("notice" + i, new ChangeNotice(secretHashes.get(i), now).payload());
        }
        publish(db.sql(sql.append(") AS notices (notice)").toString()).bindValues(values), secretHashes.size());
    }

    private void publish(DatabaseClient.GenericExecuteSpec notices, int count) {
        notices.then()
            .timeout(Duration.ofSeconds(2))
            .retryWhen(Retry.backoff(3, Duration.ofMillis(100)))
            .subscribe(ignored -> {
            }, ex -> {
                failed.increment(count);
                log.warn("Could not announce a token change to the other instances ({}); they trust their cached "
                        + "record until expire-after-write", ex.getClass().getSimpleName());
            }, () -> published.increment(count));
    }
}
