package io.authbridge.authentication;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Token buckets of store lookups per client address. Every lookup the cache cannot answer takes one from
 * the client's budget and gives it back unless it failed: a client that keeps presenting tokens the store
 * does not know runs out of budget and is answered 429 without a store read, while its cached tokens (and
 * every other client) keep working.
 */
final class FailureLimiter {

    private final boolean enabled;

    private final double perNano;

    private final double burst;

    private final Ticker ticker;

    private final Cache<String, Bucket> buckets;

    private final Duration penalty;

    public FailureLimiter(FailureLimitProperties properties, Ticker ticker) {
        this.enabled = properties.enabled();
        this.perNano = properties.perSecond() / 1e9;
        this.burst = properties.burst();
        this.ticker = ticker;
        this.penalty = properties.penalty();
        long refillNanos = (long) (burst / perNano);
        this.buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofNanos(Math.max(refillNanos, Duration.ofSeconds(1).toNanos())))
            .maximumSize(100_000)
            .ticker(ticker)
            .build();
    }

    /** How long a client over its limit waits for its answer. */
    public Duration penalty() {
        return penalty;
    }

    /**
     * Takes one uncached lookup from {@code client}'s budget; false (and nothing taken) when it has none
     * left. Concurrent requests of one client cannot overdraw it.
     */
    public boolean tryAcquire(String client) {
        if (!enabled || client == null) {
            return true;
        }
        return buckets.get(client, key -> new Bucket(burst, ticker.read())).tryTake(ticker.read(), perNano, burst);
    }

    /** Gives back what {@link #tryAcquire} took, when the lookup did not fail. */
    public void refund(String client) {
        if (enabled && client != null) {
            Bucket bucket = buckets.getIfPresent(client);
            if (bucket != null) {
                bucket.give(burst);
            }
        }
    }

    /** Seconds until {@code client} may make another uncached lookup; 0 when it may now. */
    public long retryAfterSeconds(String client) {
        if (!enabled || client == null) {
            return 0;
        }
        Bucket bucket = buckets.getIfPresent(client);
        if (bucket == null) {
            return 0;
        }
        double missing = 1 - bucket.available(ticker.read(), perNano, burst);
        return missing <= 0 ? 0 : Math.max(1, (long) Math.ceil(missing / perNano / 1e9));
    }

    /** A token bucket; synchronized because one client's requests may land on several event loops. */
    private static final class Bucket {

        private double tokens;

        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized double available(long now, double perNano, double burst) {
            refill(now, perNano, burst);
            return tokens;
        }

        synchronized boolean tryTake(long now, double perNano, double burst) {
            refill(now, perNano, burst);
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }

        synchronized void give(double burst) {
            tokens = Math.min(burst, tokens + 1);
        }

        private void refill(long now, double perNano, double burst) {
            tokens = Math.min(burst, tokens + (now - updated) * perNano);
            updated = now;
        }
    }
}
