package io.authbridge.path;

import java.net.URI;

import io.authbridge.AuthBridge;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.error.GatewayError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Canonicalises the request path once, before any handler is looked up: every handler mapping (the
 * management APIs, the console, the gateway's route lookup), the route predicates and their URI variables,
 * the route filters ({@code RewritePath}, {@code StripPrefix}, ...) and the URI sent upstream read the
 * request this filter hands on, whose path is the canonical one. A path with no safe canonical form
 * ({@link CanonicalPath}), or a request target with a fragment, is answered 400 in the default dialect
 * (no route can be known for it) before anything else runs; a query holding a raw byte that is no visible ASCII
 * character (as the path may not) is answered 400 in the dialect of the route its canonical path takes. Runs right after the access log, so refusals
 * are logged too; the access log writes the canonical path of the others
 * ({@link AuthBridge#CANONICAL_REQUEST_ATTRIBUTE}), so a secret in a path is found where the management APIs
 * found it, whatever the spelling.
 */
final class CanonicalPathWebFilter implements WebFilter, Ordered {

    /** After the access log ({@code HIGHEST_PRECEDENCE}), before every other filter and handler. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    /** Exchange attribute naming why the path was refused, for the access log and tests. */
    static final String REFUSAL_ATTRIBUTE = CanonicalPathWebFilter.class.getName() + ".refusal";

    private static final Logger log = LoggerFactory.getLogger(CanonicalPathWebFilter.class);

    private final ErrorResponseWriter errors;

    private final ObjectProvider<RoutePredicateHandlerMapping> routes;

    CanonicalPathWebFilter(ErrorResponseWriter errors, ObjectProvider<RoutePredicateHandlerMapping> routes) {
        this.errors = errors;
        this.routes = routes;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        URI uri = request.getURI();
        String raw = uri.getRawPath();
        CanonicalPath canonical = uri.getRawFragment() != null ? new CanonicalPath.Refused("a fragment in the request target")
                : CanonicalPath.of(raw);
        if (canonical instanceof CanonicalPath.Accepted accepted) {
            ServerWebExchange routed = exchange;
            if (accepted.path() != raw) {
                ServerHttpRequest mutated = request.mutate().path(accepted.path()).build();
                // for the access log, which holds the exchange as received
                exchange.getAttributes().put(AuthBridge.CANONICAL_REQUEST_ATTRIBUTE, mutated);
                routed = exchange.mutate().request(mutated).build();
            }
            return hasRawByte(uri.getRawQuery()) ? refuseQuery(routed) : chain.filter(routed);
        }
        String reason = ((CanonicalPath.Refused) canonical).reason();
        exchange.getAttributes().put(REFUSAL_ATTRIBUTE, reason);
        // the reason only: the path may hold a secret
        log.debug("Refused a request path: {}", reason);
        return errors.write(exchange, GatewayError.BAD_REQUEST);
    }

    /**
     * Whether the query holds a byte that is no visible ASCII character, sent raw (a control byte, a space, DEL or
     * any byte from 0x80): the path refuses them too; forwarded, they would be re-encoded (as UTF-8), not passed
     * byte for byte, and an upstream might read them otherwise than the gateway did.
     */
    static boolean hasRawByte(String rawQuery) {
        if (rawQuery == null) {
            return false;
        }
        for (int i = 0; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** 400 in the dialect of the route the request would take (looked up, never run), before any upstream is contacted. */
    private Mono<Void> refuseQuery(ServerWebExchange exchange) {
        exchange.getAttributes().put(REFUSAL_ATTRIBUTE, "a raw byte that is no visible ASCII character in the query");
        log.debug("Refused a request query: a raw byte that is no visible ASCII character");
        return errors.writeForRouteItWouldTake(exchange, GatewayError.BAD_REQUEST, routes);
    }

    @Override
    public String toString() {
        return "CanonicalPathWebFilter[order=" + ORDER + "]";
    }
}
