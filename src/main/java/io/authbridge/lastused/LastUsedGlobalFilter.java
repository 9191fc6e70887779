package io.authbridge.lastused;

import java.time.Clock;

import io.authbridge.AuthBridge;
import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.authentication.AuthenticationGlobalFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Notes the use of every token that authenticated a routed request; the store sees it at the next flush. */
final class LastUsedGlobalFilter implements GlobalFilter, Ordered {

    private final LastUsedBuffer buffer;

    private final Clock clock;

    LastUsedGlobalFilter(LastUsedBuffer buffer, Clock clock) {
        this.buffer = buffer;
        this.clock = clock;
    }

    @Override
    public int getOrder() {
        return AuthenticationGlobalFilter.ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        AuthenticatedPrincipal principal = exchange.getAttribute(AuthBridge.PRINCIPAL_ATTRIBUTE);
        if (principal != null) {
            buffer.used(principal.tokenId(), clock.instant());
        }
        return chain.filter(exchange);
    }
}
