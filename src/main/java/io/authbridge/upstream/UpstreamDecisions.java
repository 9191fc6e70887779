package io.authbridge.upstream;

import org.springframework.web.server.ServerWebExchange;

/**
 * What AuthBridge decided about the request it sends upstream, as one exchange attribute: the credential header
 * ({@link UpstreamAuthorization}), the query ({@link ForwardedQuery}) and whether the client's headers of claimed
 * names were left out ({@link UnforwardedHeaders}). One object instead of three attributes: an authenticated request
 * already holds twenty others, and the exchange's attribute map (a {@code ConcurrentHashMap} of 16 entries) copies
 * itself into one twice as large when its 24th entry arrives. Read and written on the exchange's way through the
 * filters, one step at a time, as the attributes were.
 */
final class UpstreamDecisions {

    private static final String ATTRIBUTE = UpstreamDecisions.class.getName();

    /** The route's decision about the credential header, null for the client's header as sent. */
    UpstreamAuthorization authorization;

    /** The query to send instead of the client's, null for the client's as sent. */
    ForwardedQuery query;

    /** The request URL that already holds {@link #query} in place of the client's, written when it was built. */
    java.net.URI queryWrittenInto;

    /** Whether the headers about to be sent went through a header filter that left the claimed names out. */
    boolean headersLeftOut;

    private UpstreamDecisions() {
    }

    /** The exchange's decisions, or null when nothing was decided. */
    static UpstreamDecisions of(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    /** The exchange's decisions, kept on it from now on. */
    static UpstreamDecisions on(ServerWebExchange exchange) {
        UpstreamDecisions decisions = exchange.getAttribute(ATTRIBUTE);
        if (decisions == null) {
            decisions = new UpstreamDecisions();
            exchange.getAttributes().put(ATTRIBUTE, decisions);
        }
        return decisions;
    }
}
