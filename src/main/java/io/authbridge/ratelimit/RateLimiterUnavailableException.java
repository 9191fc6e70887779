package io.authbridge.ratelimit;

/** The shared budget could not be consulted and the policy is to fail closed: answered 503. */
final class RateLimiterUnavailableException extends RuntimeException {

    RateLimiterUnavailableException(Throwable cause) {
        super("The rate limiter's Redis did not answer", cause);
    }
}
