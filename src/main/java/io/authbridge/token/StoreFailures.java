package io.authbridge.token;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.springframework.dao.DataIntegrityViolationException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Classifies at the boundary: whatever goes wrong talking to the store (a refused connection, a closed
 * pool, a query that outlives its deadline) becomes a {@link StoreUnavailableException}. A constraint
 * violation is not an outage but the store's answer (a duplicate, say): it passes through for the caller to
 * turn into the client's error.
 */
public final class StoreFailures {

    private StoreFailures() {
    }

    public static <T> Mono<T> guard(Mono<T> query, Duration timeout) {
        return query.timeout(timeout)
            .onErrorMap(ex -> !(ex instanceof StoreUnavailableException || ex instanceof DataIntegrityViolationException),
                    ex -> new StoreUnavailableException(
                    ex instanceof TimeoutException ? "The store did not answer within " + timeout
                            : "The store failed: " + ex.getClass().getSimpleName(), ex));
    }

    /** A query of many rows, read whole within the deadline. */
    public static <T> Flux<T> guard(Flux<T> query, Duration timeout) {
        return guard(query.collectList(), timeout).flatMapIterable(list -> list);
    }
}
