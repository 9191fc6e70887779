package io.authbridge.ratelimit;

import java.time.Duration;

import reactor.core.publisher.Mono;

/**
 * Counts requests against fixed-window budgets: a window opens with the first request of a key and lasts
 * {@code period}; within it at most {@code limit} requests are allowed.
 */
interface RateLimiter {

    /** Counts one request for {@code key}. */
    Mono<Verdict> consume(String key, long limit, Duration period);
}
