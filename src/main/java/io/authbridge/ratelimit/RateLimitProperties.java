package io.authbridge.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the budgets of the {@code RateLimit} route filter are counted: in this instance by default, or in
 * Redis so that every instance draws from one budget.
 *
 * @param redisUrl Redis to count in, e.g. {@code redis://127.0.0.1:6379/0}; empty counts in this instance
 * @param onRedisFailure what a limited route does when Redis does not answer: {@code allow} (fail open, the
 *     default), {@code deny} (fail closed, 503) or {@code local} (count in this instance meanwhile)
 * @param redisTimeout how long one Redis call may take before it counts as a failure
 * @param keyPrefix prefix of every Redis key, so several gateways can share one Redis
 * @param localMaximumKeys how many budgets (route and caller) this instance holds when counting locally
 */
@ConfigurationProperties("authbridge.rate-limit")
record RateLimitProperties(String redisUrl, @DefaultValue("allow") FailurePolicy onRedisFailure,
        @DefaultValue("250ms") Duration redisTimeout, @DefaultValue("authbridge:rate-limit:") String keyPrefix,
        @DefaultValue("1000000") long localMaximumKeys) {

    public RateLimitProperties {
        if (redisTimeout.isNegative() || redisTimeout.isZero()) {
            throw new IllegalArgumentException("authbridge.rate-limit.redis-timeout must be a positive duration");
        }
        if (localMaximumKeys < 1) {
            throw new IllegalArgumentException("authbridge.rate-limit.local-maximum-keys must be at least 1");
        }
    }

    boolean shared() {
        return redisUrl != null && !redisUrl.isBlank();
    }

    /** What a limited route does while Redis does not answer. */
    public enum FailurePolicy {
        /** Let the request through uncounted (fail open). */
        ALLOW,
        /** Answer 503 (fail closed). */
        DENY,
        /** Count in this instance until Redis answers again: each instance then grants the whole budget. */
        LOCAL
    }
}
