package io.authbridge.shutdown;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * While draining, every response carries {@code Connection: close} (Reactor Netty then closes the connection
 * once the response is written), so a client on a kept-alive connection opens its next one elsewhere instead
 * of finding this connection closed under its next request. A volatile read per request otherwise.
 */
final class ConnectionCloseWebFilter implements WebFilter, Ordered {

    private final Drain drain;

    ConnectionCloseWebFilter(Drain drain) {
        this.drain = drain;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (drain.draining()) {
            exchange.getResponse().beforeCommit(() -> {
                exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }
}
