package io.authbridge.management.explain;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finds what would serve a request, by asking the application's handler mappings in the order the
 * dispatcher asks them for a real request: AuthBridge's own endpoints (management APIs, console) first,
 * then the gateway's route lookup with every route's own predicates. The request asked about is a probe
 * with its own attributes and response headers, so nothing it touches leaks into the explain request.
 */
final class RouteLookup {

    /** What serves a request: a route (with the probe the route's predicates matched), AuthBridge itself, or nothing. */
    sealed interface Found {
    }

    record Routed(Route route, ServerWebExchange probe) implements Found {
    }

    record ServedByGateway() implements Found {
    }

    record Unrouted() implements Found {
    }

    private final ObjectProvider<DispatcherHandler> dispatcher;

    /** Resolved at the first request: the dispatcher collects the router that serves the explain API itself. */
    RouteLookup(ObjectProvider<DispatcherHandler> dispatcher) {
        this.dispatcher = dispatcher;
    }

    /**
     * @param exchange the explain request, whose scheme, host and port the probe keeps
     * @param target the path and query asked about, relative to this gateway
     */
    Mono<Found> find(ServerWebExchange exchange, HttpMethod method, URI target) {
        ServerWebExchange probe = probe(exchange, method, target);
        List<HandlerMapping> mappings = dispatcher.getObject().getHandlerMappings();
        if (mappings == null) {
            return Mono.just(new Unrouted());
        }
        return Flux.fromIterable(mappings)
            // the mappings after the gateway's (static resources for /**) never see a routed path first
            .takeUntil(mapping -> mapping instanceof RoutePredicateHandlerMapping)
            .concatMap(mapping -> mapping.getHandler(probe).map(handler -> found(mapping, probe)))
            .next()
            .defaultIfEmpty(new Unrouted());
    }

    private static Found found(HandlerMapping mapping, ServerWebExchange probe) {
        if (mapping instanceof RoutePredicateHandlerMapping) {
            Route route = probe.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
            return route == null ? new Unrouted() : new Routed(route, probe);
        }
        return new ServedByGateway();
    }

    /**
     * The request as a client would send it: the method and target asked about, the explain request's
     * {@code Host} (route predicates may read it) and no other header, so that neither the caller's
     * credential nor a CORS {@code Origin} takes part.
     */
    static ServerWebExchange probe(ServerWebExchange exchange, HttpMethod method, URI target) {
        URI base = exchange.getRequest().getURI();
        URI uri = URI.create(base.getScheme() + "://" + base.getRawAuthority() + target.getRawPath()
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
        String host = exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST);
        ServerHttpRequest request = exchange.getRequest().mutate().method(method).uri(uri).headers(headers -> {
            headers.clear();
            if (host != null) {
                headers.set(HttpHeaders.HOST, host);
            }
        }).build();
        return new Probe(exchange.mutate().request(request).build());
    }

    /** The probe exchange: attributes and response headers of its own, a response never written. */
    private static final class Probe extends ServerWebExchangeDecorator {

        private final Map<String, Object> attributes = new HashMap<>();

        private final ServerHttpResponse response;

        Probe(ServerWebExchange delegate) {
            super(delegate);
            HttpHeaders headers = new HttpHeaders();
            this.response = new ServerHttpResponseDecorator(delegate.getResponse()) {
                @Override
                public HttpHeaders getHeaders() {
                    return headers;
                }
            };
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        @Override
        public ServerHttpResponse getResponse() {
            return response;
        }
    }
}
