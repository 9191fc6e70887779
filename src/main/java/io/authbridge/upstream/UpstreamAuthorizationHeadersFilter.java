package io.authbridge.upstream;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the route's {@link UpstreamAuthorization} into the headers about to be sent upstream: straight into
 * Netty's on the routing filter's one pass, into Spring's on the gateway's own way (a request a route filter
 * replaced, a WebSocket route, the fast path switched off). Without a decision it leaves the client's header.
 */
final class UpstreamAuthorizationHeadersFilter implements NettyRequestHeadersFilter, Ordered {

    @Override
    public void filter(io.netty.handler.codec.http.HttpHeaders outgoing, ServerWebExchange exchange) {
        UpstreamAuthorization decision = UpstreamAuthorization.of(exchange);
        if (decision == null) {
            return;
        }
        if (decision.replacesAuthorization()) {
            outgoing.remove(io.netty.handler.codec.http.HttpHeaderNames.AUTHORIZATION);
            // the decided header's other spellings (X_Identity_Assertion for X-Identity-Assertion) go nowhere
            outgoing.names().stream().filter(decision::isSpellingOfName).toList().forEach(outgoing::remove);
        }
        if (decision.value() == null) {
            outgoing.remove(decision.name());
        }
        else {
            outgoing.set(decision.name(), decision.value());
        }
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        UpstreamAuthorization decision = UpstreamAuthorization.of(exchange);
        if (decision == null) {
            return input;
        }
        try {
            apply(decision, input);
            return input;
        }
        catch (UnsupportedOperationException readOnly) {
            // the request's own headers, when no header filter before this one made a copy
            HttpHeaders copy = new HttpHeaders();
            copy.putAll(input);
            apply(decision, copy);
            return copy;
        }
    }

    private static void apply(UpstreamAuthorization decision, HttpHeaders headers) {
        decision.writeInto(headers);
    }

    /** With AuthBridge's other header filter, after the one pass (which the gateway's order would otherwise skip). */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public String toString() {
        return "UpstreamAuthorizationHeadersFilter";
    }
}
