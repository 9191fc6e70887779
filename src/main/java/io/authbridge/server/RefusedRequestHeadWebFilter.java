package io.authbridge.server;

import java.util.Locale;

import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.error.GatewayError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Answers 400 to a request whose head {@link RequestHeadCheck} refused (a request target that is no URI or in
 * none of the forms the gateway serves, a missing, repeated or invalid {@code Host}, a standard method in another
 * letter case, a method that is no token), or 405 to a {@code TRACE} it refused, in the dialect of the route the
 * request would take (the gateway's own route lookup, which the handler never reaches; for a method in another
 * letter case, the route its standard spelling would take) and else the default one. {@code OPTIONS *}, which no
 * route serves, is answered 404 in the default dialect. Runs after the access log and the canonical path, before every other filter and handler: the
 * request reaches no upstream.
 */
final class RefusedRequestHeadWebFilter implements WebFilter, Ordered {

    /** After the canonical path ({@code HIGHEST_PRECEDENCE + 10}), so the route lookup sees the canonical path. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 11;

    /** Exchange attribute naming why the request's head was refused, for tests and diagnosis. */
    static final String REFUSAL_ATTRIBUTE = RefusedRequestHeadWebFilter.class.getName() + ".refusal";

    private static final Logger log = LoggerFactory.getLogger(RefusedRequestHeadWebFilter.class);

    private final ErrorResponseWriter errors;

    private final ObjectProvider<RoutePredicateHandlerMapping> routes;

    RefusedRequestHeadWebFilter(ErrorResponseWriter errors, ObjectProvider<RoutePredicateHandlerMapping> routes) {
        this.errors = errors;
        this.routes = routes;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String refusal = exchange.getRequest().getHeaders().getFirst(RequestHeadCheck.REFUSAL_HEADER);
        if (refusal == null) {
            return chain.filter(exchange);
        }
        exchange.getAttributes().put(REFUSAL_ATTRIBUTE, refusal);
        log.debug("Refused a request: {}", refusal);
        if (RequestTargetForm.ASTERISK_REFUSAL.equals(refusal)) {
            // a question about the server as a whole: no route answers it, none is looked up
            return errors.write(exchange, errors.defaultDialect(), GatewayError.NOT_FOUND);
        }
        if (RequestHeadCheck.TRACE_REFUSAL.equals(refusal)) {
            return errors.writeForRouteItWouldTake(exchange, GatewayError.METHOD_NOT_ALLOWED, routes);
        }
        if (RequestHeadCheck.CASE_VARIANT_REFUSAL.equals(refusal)) {
            // the route it would take is the one its standard spelling takes: a Method predicate reads the spelling
            HttpMethod standard = HttpMethod.valueOf(exchange.getRequest().getMethod().name().toUpperCase(Locale.ROOT));
            ServerWebExchange asStandard = exchange.mutate().request(request -> request.method(standard)).build();
            return errors.writeForRouteItWouldTake(asStandard, GatewayError.BAD_REQUEST, routes);
        }
        return errors.writeForRouteItWouldTake(exchange, GatewayError.BAD_REQUEST, routes);
    }

    @Override
    public String toString() {
        return "RefusedRequestHeadWebFilter[order=" + ORDER + "]";
    }
}
