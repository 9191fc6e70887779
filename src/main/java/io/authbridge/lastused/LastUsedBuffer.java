package io.authbridge.lastused;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.authbridge.store.Rows;
import io.authbridge.token.StoreFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The last-used time of every token used since the last flush, newest wins. A flush writes them with one
 * batched statement per {@code batch-size} tokens and never moves a stored time backwards (another instance
 * may have written a later one). Times that could not be written stay for the next flush.
 */
final class LastUsedBuffer {

    private static final Logger log = LoggerFactory.getLogger(LastUsedBuffer.class);

    private static final String UPDATE = "UPDATE tokens SET last_used_utc = $1 WHERE id = $2 "
            + "AND (last_used_utc IS NULL OR last_used_utc < $3)";

    private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();

    private final DatabaseClient db;

    private final int batchSize;

    private final Duration timeout;

    private final Counter written;

    private final Counter failures;

    LastUsedBuffer(DatabaseClient db, int batchSize, Duration timeout, MeterRegistry meters) {
        this.db = db;
        this.batchSize = batchSize;
        this.timeout = timeout;
        this.written = Counter.builder("authbridge.last-used.written")
            .description("Last-used times written to the store")
            .register(meters);
        this.failures = Counter.builder("authbridge.last-used.flush.failures")
            .description("Flushes of last-used times the store did not take; retried at the next flush")
            .register(meters);
        Gauge.builder("authbridge.last-used.pending", pending, Map::size)
            .description("Tokens whose last-used time waits for the next flush")
            .register(meters);
    }

    /** Notes that {@code tokenId} was used at {@code when}. */
    void used(UUID tokenId, Instant when) {
        pending.merge(tokenId, when, (old, now) -> now.isAfter(old) ? now : old);
    }

    /** Writes every noted time; completes when they are stored or put back for the next flush. */
    Mono<Void> flush() {
        if (pending.isEmpty()) {
            return Mono.empty();
        }
        List<Map.Entry<UUID, Instant>> taken = new ArrayList<>();
        for (Map.Entry<UUID, Instant> entry : pending.entrySet()) {
            // remove only what we write: a newer time noted meanwhile stays pending
            if (pending.remove(entry.getKey(), entry.getValue())) {
                taken.add(Map.entry(entry.getKey(), entry.getValue()));
            }
        }
        return Flux.fromIterable(taken)
            .buffer(batchSize)
            .concatMap(batch -> StoreFailures.guard(write(batch), timeout)
                .doOnSuccess(ignored -> written.increment(batch.size()))
                .onErrorResume(ex -> {
                    failures.increment();
                    batch.forEach(entry -> used(entry.getKey(), entry.getValue()));
                    log.debug("Could not write {} last-used time(s); kept for the next flush", batch.size(), ex);
                    return Mono.empty();
                }))
            .then();
    }

    private Mono<Long> write(List<Map.Entry<UUID, Instant>> batch) {
        return db.inConnection(connection -> {
            Statement statement = connection.createStatement(UPDATE);
            for (int i = 0; i < batch.size(); i++) {
                if (i > 0) {
                    statement.add();
                }
                OffsetDateTime when = Rows.utc(batch.get(i).getValue());
                statement.bind(0, when).bind(1, batch.get(i).getKey()).bind(2, when);
            }
            return Flux.from(statement.execute()).flatMap(result -> result.getRowsUpdated()).reduce(0L, Long::sum);
        });
    }

    int pendingCount() {
        return pending.size();
    }
}
