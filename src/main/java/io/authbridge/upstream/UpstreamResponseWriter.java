package io.authbridge.upstream;

import java.util.List;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.TrailerHeadersFilter;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientResponse;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;

/**
 * Spring Cloud Gateway's response writer ({@link NettyWriteResponseFilter}): after the route's filters, the upstream's
 * body is written to the client, flushed per part for a streaming media type, and the upstream connection released
 * if the exchange fails or is cancelled. The gateway then waits, on every response, for the upstream's trailer
 * fields and passes them through the header filters that implement {@link TrailerHeadersFilter}: a chain of
 * operators and a map per response, although an HTTP/1.x response can carry trailer fields only in the chunked
 * coding. Here a response that cannot carry any (an HTTP/1.x response not chunked), when no header filter would
 * make trailer fields of its own, is written without that step; any other response is written exactly as the
 * gateway writes it. Part of the fast path ({@link FastPathProperties}).
 */
final class UpstreamResponseWriter extends NettyWriteResponseFilter {

    private final List<MediaType> streamingMediaTypes;

    private volatile Boolean trailerFilters;

    UpstreamResponseWriter(List<MediaType> streamingMediaTypes, ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
        super(streamingMediaTypes, headersFilters);
        this.streamingMediaTypes = streamingMediaTypes;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange)
            .then(Mono.defer(() -> write(exchange)))
            .doFinally(signal -> {
                if (signal == SignalType.CANCEL || signal == SignalType.ON_ERROR) {
                    Connection connection = exchange.getAttribute(CLIENT_RESPONSE_CONN_ATTR);
                    if (connection != null) {
                        connection.dispose();
                    }
                }
            });
    }

    private Mono<Void> write(ServerWebExchange exchange) {
        // put there by the routing filter: none when another filter answered
        Connection connection = exchange.getAttribute(CLIENT_RESPONSE_CONN_ATTR);
        if (connection == null) {
            return Mono.empty();
        }
        ServerHttpResponse response = exchange.getResponse();
        Flux<DataBuffer> body = connection.inbound().receive().retain().map(buffer -> wrap(buffer, response));
        Mono<Void> written = isStreaming(response) ? response.writeAndFlushWith(body.map(Flux::just))
                : response.writeWith(body);
        HttpClientResponse upstream = exchange.getAttribute(CLIENT_RESPONSE_ATTR);
        if (upstream == null || !mayHaveTrailers(upstream)) {
            return written;
        }
        return written.then(TrailerHeadersFilter.filter(getHeadersFilters(), exchange, upstream)).then();
    }

    /** Whether trailer fields may come after {@code upstream}'s body, or a header filter may make some. */
    private boolean mayHaveTrailers(HttpClientResponse upstream) {
        return hasTrailerFilters() || upstream.version().majorVersion() != HttpVersion.HTTP_1_1.majorVersion()
                || upstream.responseHeaders().containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
    }

    private boolean hasTrailerFilters() {
        Boolean has = trailerFilters;
        if (has == null) {
            // the header filters are resolved on first use, as the gateway resolves them
            List<HttpHeadersFilter> filters = getHeadersFilters();
            has = filters != null && filters.stream().anyMatch(TrailerHeadersFilter.class::isInstance);
            trailerFilters = has;
        }
        return has;
    }

    private boolean isStreaming(ServerHttpResponse response) {
        MediaType contentType;
        try {
            contentType = response.getHeaders().getContentType();
        }
        catch (RuntimeException invalid) {
            // as the gateway: an unreadable Content-Type is no streaming one
            return false;
        }
        if (contentType != null) {
            for (MediaType streaming : streamingMediaTypes) {
                if (streaming.isCompatibleWith(contentType)) {
                    return true;
                }
            }
        }
        return false;
    }
}
