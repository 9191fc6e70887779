package io.authbridge.upstream;

import java.net.URI;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

/**
 * The {@link ForwardedQuery} written into the gateway's request URL just before the routing filters read it,
 * for the ways upstream that are not the one pass of {@link UpstreamRoutingFilter} (which writes it into the
 * URL it sends): WebSocket routes, and every route when the fast path is switched off.
 */
final class ForwardedQueryFilter implements GlobalFilter, Ordered {

    /** Whether {@link UpstreamRoutingFilter} routes http and https requests (and writes the query itself). */
    private final boolean onePassRoutesHttp;

    ForwardedQueryFilter(boolean onePassRoutesHttp) {
        this.onePassRoutesHttp = onePassRoutesHttp;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ForwardedQuery query = ForwardedQuery.of(exchange);
        URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        if (query != null && url != null && !(onePassRoutesHttp && isHttp(url.getScheme()))) {
            String rewritten = query.applyTo(url.toASCIIString());
            if (!rewritten.equals(url.toASCIIString())) {
                exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, URI.create(rewritten));
            }
        }
        return chain.filter(exchange);
    }

    private static boolean isHttp(String scheme) {
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }

    /** Just before the routing filters, after every route filter that may change the URL. */
    @Override
    public int getOrder() {
        // the gateway's WebSocket routing filter runs at LOWEST_PRECEDENCE - 1, its HTTP one at LOWEST_PRECEDENCE
        return Ordered.LOWEST_PRECEDENCE - 2;
    }

    @Override
    public String toString() {
        return "ForwardedQueryFilter[onePassRoutesHttp=" + onePassRoutesHttp + "]";
    }
}
