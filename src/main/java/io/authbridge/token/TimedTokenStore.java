package io.authbridge.token;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

/** Times every data-plane store read ({@code authbridge.store.reads}, a latency histogram), by query and outcome. */
final class TimedTokenStore implements TokenStore {

    private final TokenStore delegate;

    private final MeterRegistry registry;

    TimedTokenStore(TokenStore delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public Mono<TokenRecord> findByHash(String secretHash) {
        return timed(delegate.findByHash(secretHash), "token");
    }

    @Override
    public Mono<ProjectRecord> findProject(UUID projectId) {
        return timed(delegate.findProject(projectId), "project");
    }

    private <T> Mono<T> timed(Mono<T> read, String query) {
        return Mono.defer(() -> {
            Timer.Sample sample = Timer.start(registry);
            return read.doOnSuccess(value -> stop(sample, query, value == null ? "absent" : "found"))
                .doOnError(ex -> stop(sample, query, "unavailable"));
        });
    }

    private void stop(Timer.Sample sample, String query, String outcome) {
        sample.stop(Timer.builder("authbridge.store.reads")
            .description("Token store reads on the request path, by query and outcome")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .tag("query", query)
            .tag("outcome", outcome)
            .register(registry));
    }
}
