package io.authbridge.server;

/**
 * The gateway's rule for a request's method, for those who must answer as the gateway does without a request (the
 * explain API): the rule itself is {@link RequestHeadCheck#methodRefusal}, which the check of every request's head
 * applies; this only names its outcomes. One per {@code authbridge.server.allow-trace}.
 */
public final class MethodRule {

    /** Why the gateway refuses a method before any route or credential is looked at. */
    public enum Refusal {
        /** A standard method spelt in another letter case ({@code get}): 400 in the dialect of its standard spelling's route. */
        CASE_VARIANT,
        /** {@code TRACE} while {@code authbridge.server.allow-trace} is off: 405 in the route's dialect. */
        TRACE,
        /** No method at all: empty, or no RFC 9110 token ({@code GE T}, {@code G(ET}): 400. */
        NOT_A_METHOD
    }

    private final boolean allowTrace;

    MethodRule(boolean allowTrace) {
        this.allowTrace = allowTrace;
    }

    /** Why the gateway refuses {@code method}, or null when it routes it. */
    public Refusal refusal(String method) {
        String refusal = RequestHeadCheck.methodRefusal(method, allowTrace);
        if (refusal == null) {
            return null;
        }
        return switch (refusal) {
            case RequestHeadCheck.TRACE_REFUSAL -> Refusal.TRACE;
            case RequestHeadCheck.CASE_VARIANT_REFUSAL -> Refusal.CASE_VARIANT;
            default -> Refusal.NOT_A_METHOD;
        };
    }

    @Override
    public String toString() {
        return "MethodRule[allowTrace=" + allowTrace + "]";
    }
}
