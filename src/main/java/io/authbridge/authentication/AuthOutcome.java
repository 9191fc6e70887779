package io.authbridge.authentication;

/**
 * What checking a credential came to: a principal; a rejection (unknown, disabled, expired, or not of the
 * named project: indistinguishable to the client, told apart only for the explain API); a store that could
 * not answer; or a client over its failure limit whose token would need a store read.
 */
public sealed interface AuthOutcome {

    AuthOutcome UNAVAILABLE = new Unavailable();

    /** The rejection for {@code reason}: one shared instance per reason, so rejecting allocates nothing. */
    static Rejected rejected(Rejection reason) {
        return Rejected.BY_REASON[reason.ordinal()];
    }

    record Authenticated(AuthenticatedPrincipal principal) implements AuthOutcome {
    }

    record Rejected(Rejection reason) implements AuthOutcome {

        private static final Rejected[] BY_REASON = new Rejected[Rejection.values().length];

        static {
            for (Rejection reason : Rejection.values()) {
                BY_REASON[reason.ordinal()] = new Rejected(reason);
            }
        }
    }

    record Unavailable() implements AuthOutcome {
    }

    /** The client failed too often and the token is not cached: no store read, try again later. */
    record Throttled(long retryAfterSeconds) implements AuthOutcome {
    }
}
