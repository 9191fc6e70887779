package io.authbridge.server;

import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.error.GatewayError;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers 505 (HTTP Version Not Supported) in the default dialect to a request {@link RequestHeadCheck}
 * marked, and closes its connection; it reaches no handler and no upstream. Runs right after the access log.
 */
final class UnsupportedVersionWebFilter implements WebFilter, Ordered {

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 4;

    private final ErrorResponseWriter errors;

    UnsupportedVersionWebFilter(ErrorResponseWriter errors) {
        this.errors = errors;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getHeaders().containsHeader(RequestHeadCheck.UNSUPPORTED_VERSION_HEADER)) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return errors.write(exchange, errors.defaultDialect(), GatewayError.HTTP_VERSION_NOT_SUPPORTED);
    }

    @Override
    public String toString() {
        return "UnsupportedVersionWebFilter[order=" + ORDER + "]";
    }
}
