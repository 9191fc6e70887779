package io.authbridge.ratelimit;

import java.time.Duration;

/**
 * The answer to one request against a budget.
 *
 * @param allowed whether the request is within the budget
 * @param remaining requests left in the current window
 * @param resetIn time until the window ends and the budget is full again
 */
record Verdict(boolean allowed, long remaining, Duration resetIn) {

    static Verdict of(long limit, long used, long resetInMillis) {
        return new Verdict(used <= limit, Math.max(0, limit - used), Duration.ofMillis(Math.max(0, resetInMillis)));
    }

    /** Whole seconds until the budget is available again, at least one, as {@code Retry-After} wants. */
    long retryAfterSeconds() {
        return Math.max(1, (resetIn.toMillis() + 999) / 1000);
    }
}
