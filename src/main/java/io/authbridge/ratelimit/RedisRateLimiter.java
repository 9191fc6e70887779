package io.authbridge.ratelimit;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import reactor.core.publisher.Mono;

/**
 * Budgets counted in Redis, so that every instance draws from one: an atomic script increments the
 * window's counter and starts its expiry on the first request, so two instances can never both grant the
 * last request. When Redis does not answer within the timeout, the configured {@link RateLimitProperties.FailurePolicy}
 * decides, and the failure is counted in {@code authbridge.ratelimit.redis.failures}.
 */
final class RedisRateLimiter implements RateLimiter, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);

    /** KEYS[1] the window's counter, ARGV[1] the period in milliseconds; returns "used:millis-left". */
    static final String SCRIPT = """
            local used = redis.call('INCR', KEYS[1])
            if used == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            local left = redis.call('PTTL', KEYS[1])
            if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); left = tonumber(ARGV[1]) end
            return used .. ':' .. left""";

    private final RedisClient client;

    private final Mono<StatefulRedisConnection<String, String>> connection;

    private final RateLimitProperties properties;

    private final LocalRateLimiter local;

    private final Counter failures;

    private volatile boolean failing;

    RedisRateLimiter(RateLimitProperties properties, LocalRateLimiter local, MeterRegistry meters) {
        this.properties = properties;
        this.local = local;
        RedisURI uri = RedisURI.create(properties.redisUrl());
        this.client = RedisClient.create(uri);
        // queued commands would outlive the request: fail at once while disconnected (Lettuce reconnects itself)
        client.setOptions(ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
        // connected (and the script run once, so the first decision is not a cold one) at startup and kept;
        // a failed attempt is not cached, the next request tries again
        this.connection = Mono.fromCompletionStage(() -> client.connectAsync(StringCodec.UTF8, uri))
            .flatMap(redis -> redis.reactive()
                .eval(SCRIPT, ScriptOutputType.VALUE, new String[] { properties.keyPrefix() + "warm-up" }, "1")
                .then(Mono.just(redis)))
            .cache(ok -> Duration.ofMillis(Long.MAX_VALUE), error -> Duration.ZERO, () -> Duration.ZERO);
        connection.subscribe(ok -> {
        }, error -> log.warn("Redis for shared rate limits is not reachable at startup ({}); retrying on use",
                error.getClass().getSimpleName()));
        this.failures = Counter.builder("authbridge.ratelimit.redis.failures")
            .description("Rate-limit decisions Redis did not answer; handled by authbridge.rate-limit.on-redis-failure")
            .tag("policy", properties.onRedisFailure().name().toLowerCase(java.util.Locale.ROOT))
            .register(meters);
    }

    @Override
    public Mono<Verdict> consume(String key, long limit, Duration period) {
        String periodMillis = String.valueOf(Math.max(1, period.toMillis()));
        return connection
            .flatMap(redis -> redis.reactive()
                .<String>eval(SCRIPT, ScriptOutputType.VALUE, new String[] { properties.keyPrefix() + key }, periodMillis)
                .next())
            .timeout(properties.redisTimeout())
            .map(reply -> parse(reply, limit))
            .doOnNext(ignored -> recovered())
            .onErrorResume(failure -> onFailure(failure, key, limit, period));
    }

    static Verdict parse(String reply, long limit) {
        int colon = reply.indexOf(':');
        return Verdict.of(limit, Long.parseLong(reply.substring(0, colon)), Long.parseLong(reply.substring(colon + 1)));
    }

    private Mono<Verdict> onFailure(Throwable failure, String key, long limit, Duration period) {
        failures.increment();
        if (!failing) {
            failing = true;
            log.warn("Redis did not answer a rate-limit decision ({}); limited routes now {} until it does",
                    failure.getClass().getSimpleName(), switch (properties.onRedisFailure()) {
                        case ALLOW -> "let requests through uncounted";
                        case DENY -> "answer 503";
                        case LOCAL -> "count in this instance";
                    });
        }
        return switch (properties.onRedisFailure()) {
            case ALLOW -> Mono.just(new Verdict(true, limit, period));
            case DENY -> Mono.error(new RateLimiterUnavailableException(failure));
            case LOCAL -> local.consume(key, limit, period);
        };
    }

    private void recovered() {
        if (failing) {
            failing = false;
            log.info("Redis answers rate-limit decisions again");
        }
    }

    @Override
    public void destroy() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
