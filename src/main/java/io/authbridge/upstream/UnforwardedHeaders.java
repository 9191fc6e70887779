package io.authbridge.upstream;

import org.springframework.web.server.ServerWebExchange;

/**
 * Request headers that a feature never lets a client send upstream as it sent them (AuthBridge's identity
 * headers, for one). An {@code HttpHeadersFilter} bean that also implements this is asked about every
 * request header during the routing filter's one pass over them, so that it needs no pass of its own; the
 * pass marks the exchange ({@link #wereLeftOut}). Where the request goes upstream another way (the gateway's
 * WebSocket routing filter, with the plain header filters), the mark is missing and the filter has to
 * remove the names itself.
 */
public interface UnforwardedHeaders {

    /** Whether a client's header of this name is left out of the request sent upstream. */
    boolean unforwarded(CharSequence name);

    /** Whether the headers about to be sent upstream went through the one pass, without these names. */
    static boolean wereLeftOut(ServerWebExchange exchange) {
        UpstreamDecisions decisions = UpstreamDecisions.of(exchange);
        return decisions != null && decisions.headersLeftOut;
    }

    /** Marks the exchange: its outgoing headers went through the one pass. */
    static void leftOut(ServerWebExchange exchange) {
        UpstreamDecisions.on(exchange).headersLeftOut = true;
    }
}
