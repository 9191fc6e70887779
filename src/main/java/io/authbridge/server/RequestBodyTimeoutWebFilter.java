package io.authbridge.server;

import java.time.Duration;

import io.authbridge.error.RequestBodyTimeoutException;
import io.authbridge.upstream.BodyOnlyDecoration;
import io.micrometer.core.instrument.Counter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Bounds the time a client may take to send a request's body: the whole body must have arrived within
 * {@code authbridge.server.request-body-timeout} of the request reaching the gateway (its head complete), else
 * whoever reads it (a management API, the proxy sending it upstream) fails with
 * {@link RequestBodyTimeoutException}: 408 in the route's dialect and the connection closed, or the connection
 * closed when the response has started. A client trickling a body byte by byte (R-U-Dead-Yet) holds neither a
 * connection nor an upstream connection longer. Runs right after the access log, so the 408 is logged.
 */
final class RequestBodyTimeoutWebFilter implements WebFilter, Ordered {

    /** After the access log ({@code HIGHEST_PRECEDENCE}), before the canonical path and every handler. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

    private final long nanos;

    private final Counter timeouts;

    RequestBodyTimeoutWebFilter(Duration timeout, Counter timeouts) {
        this.nanos = timeout.toNanos();
        this.timeouts = timeouts;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (hasNoBody(exchange.getRequest())) {
            // nothing can arrive late: no timer (one per request, on another thread) to arm and cancel
            return chain.filter(exchange);
        }
        long deadline = System.nanoTime() + nanos;
        ServerHttpRequest timed = new TimedBody(exchange.getRequest(), deadline, exchange);
        return chain.filter(exchange.mutate().request(timed).build());
    }

    /**
     * Whether the request has no body by its framing (RFC 9112 §6.3: an HTTP/1 request with neither
     * {@code Transfer-Encoding} nor a positive {@code Content-Length}), as the HTTP server's codec reads it.
     */
    static boolean hasNoBody(ServerHttpRequest request) {
        if (!(request instanceof AbstractServerHttpRequest server)
                || !(server.getNativeRequest() instanceof HttpServerRequest netty)
                || netty.version().majorVersion() != 1) {
            return false;
        }
        HttpHeaders headers = request.getHeaders();
        if (headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
            return false;
        }
        try {
            return headers.getContentLength() <= 0;
        }
        catch (NumberFormatException unreadable) {
            // the codec refuses such a length; whatever it let through is timed
            return false;
        }
    }

    private Flux<DataBuffer> expired(ServerWebExchange exchange) {
        timeouts.increment();
        if (!exchange.getResponse().isCommitted()) {
            // the rest of the body is never read: the connection cannot carry another request
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
        return Flux.error(new RequestBodyTimeoutException());
    }

    /** The request with its body bounded by the deadline; headers, method and URI its delegate's. */
    private final class TimedBody extends ServerHttpRequestDecorator implements BodyOnlyDecoration {

        private final long deadline;

        private final ServerWebExchange exchange;

        TimedBody(ServerHttpRequest request, long deadline, ServerWebExchange exchange) {
            super(request);
            this.deadline = deadline;
            this.exchange = exchange;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            return super.getBody().timeout(Mono.defer(() -> Mono.delay(remaining(deadline))),
                    part -> Mono.delay(remaining(deadline)), Flux.defer(() -> expired(exchange)));
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    @Override
    public String toString() {
        return "RequestBodyTimeoutWebFilter[" + Duration.ofNanos(nanos) + "]";
    }
}
