package io.authbridge.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import reactor.core.publisher.Mono;

/** Budgets counted in this instance's memory; each window is forgotten when it ends. */
final class LocalRateLimiter implements RateLimiter {

    private final Cache<String, Window> windows;

    private final Ticker ticker;

    LocalRateLimiter(long maximumKeys, Ticker ticker) {
        this.ticker = ticker;
        this.windows = Caffeine.newBuilder()
            .maximumSize(maximumKeys)
            .expireAfter(new WindowExpiry())
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
    }

    @Override
    public Mono<Verdict> consume(String key, long limit, Duration period) {
        return Mono.fromSupplier(() -> count(key, limit, period));
    }

    Verdict count(String key, long limit, Duration period) {
        long now = ticker.read();
        Window window = windows.asMap()
            .compute(key, (ignored, current) -> current == null || current.endsAtNanos() <= now
                    ? new Window(1, now + period.toNanos()) : new Window(current.used() + 1, current.endsAtNanos()));
        return Verdict.of(limit, window.used(), Duration.ofNanos(window.endsAtNanos() - now).toMillis());
    }

    /** Requests counted in the window that ends at {@code endsAtNanos} (ticker time). */
    record Window(long used, long endsAtNanos) {
    }

    private final class WindowExpiry implements Expiry<String, Window> {

        @Override
        public long expireAfterCreate(String key, Window window, long currentTime) {
            return Math.max(0, window.endsAtNanos() - currentTime);
        }

        @Override
        public long expireAfterUpdate(String key, Window window, long currentTime, long currentDuration) {
            return Math.max(0, window.endsAtNanos() - currentTime);
        }

        @Override
        public long expireAfterRead(String key, Window window, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
