package io.authbridge.upstream;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.web.server.ServerWebExchange;

/**
 * A request header filter that also writes straight into the Netty headers the gateway's client is about to
 * send. On the routing filter's one pass it is called instead of {@code filter}, so it needs no Spring view
 * of those headers and can add names and values as {@link io.netty.util.AsciiString}s (hashed once, written
 * upstream as they are, without encoding each character). Where the request goes upstream another way (the
 * gateway's WebSocket routing filter, or the routing filter's fallback for a request a filter replaced),
 * {@code filter} is called as for any header filter: both must do the same.
 */
public interface NettyRequestHeadersFilter extends HttpHeadersFilter {

    /** What {@code filter} does, done on the headers about to be sent. */
    void filter(io.netty.handler.codec.http.HttpHeaders outgoing, ServerWebExchange exchange);
}
