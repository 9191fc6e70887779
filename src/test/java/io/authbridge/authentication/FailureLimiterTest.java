package io.authbridge.authentication;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureLimiterTest {

    private final AtomicLong nanos = new AtomicLong();

    private final FailureLimiter limiter = new FailureLimiter(new FailureLimitProperties(true, 2, 3, Duration.ZERO),
            nanos::get);

    @Test
    void aClientMayFailItsBurstThenWaitsForTheBudgetToRefill() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
        }
        assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(1);
        assertThat(limiter.tryAcquire("10.0.0.2")).as("other clients are not affected").isTrue();

        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(limiter.tryAcquire("10.0.0.1")).as("two per second: one back after half a second").isTrue();
        assertThat(limiter.tryAcquire("10.0.0.1")).isFalse();
    }

    @Test
    void lookupsThatDidNotFailAreGivenBack() {
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("10.0.0.1")).isTrue();
            limiter.refund("10.0.0.1");
        }
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();
    }

    @Test
    void aDisabledLimiterNeverHoldsAClientBack() {
        FailureLimiter disabled = new FailureLimiter(new FailureLimitProperties(false, 1, 1, Duration.ZERO), nanos::get);
        for (int i = 0; i < 100; i++) {
            assertThat(disabled.tryAcquire("10.0.0.1")).isTrue();
        }
        assertThat(disabled.retryAfterSeconds("10.0.0.1")).isZero();
    }
}
