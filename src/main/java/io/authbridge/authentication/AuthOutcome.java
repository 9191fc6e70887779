package io.authbridge.authentication;

/**
 * What checking a credential came to: a principal; a rejection (unknown, disabled, expired, or not of the
 * named project: indistinguishable to the client); a store that could not answer; or a client over its
 * failure limit whose token would need a store read.
 */
public sealed interface AuthOutcome {

    AuthOutcome REJECTED = new Rejected();

    AuthOutcome UNAVAILABLE = new Unavailable();

    record Authenticated(AuthenticatedPrincipal principal) implements AuthOutcome {
    }

    record Rejected() implements AuthOutcome {
    }

    record Unavailable() implements AuthOutcome {
    }

    /** The client failed too often and the token is not cached: no store read, try again later. */
    record Throttled(long retryAfterSeconds) implements AuthOutcome {
    }
}
