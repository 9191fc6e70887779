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
        URI url = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        ForwardedQuery query = url == null ? null : ForwardedQuery.toWriteInto(exchange, url);
        // a WebSocket upgrade still has its http URL here (the gateway's WebSocket routing filter changes the
        // scheme to ws itself): it is not the one pass's to route, so its query is written here
        boolean onePass = onePassRoutesHttp && isHttp(url == null ? null : url.getScheme()) && !isWebSocketUpgrade(exchange);
        if (query != null && url != null && !onePass) {
            String rewritten = query.applyTo(url.toASCIIString());
            if (!rewritten.equals(url.toASCIIString())) {
                exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, URI.create(rewritten));
            }
        }
        return chain.filter(exchange);
    }

    /** The test of the gateway's {@code WebsocketRoutingFilter}: an {@code Upgrade: websocket} header. */
    private static boolean isWebSocketUpgrade(ServerWebExchange exchange) {
        return "websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade());
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
