package io.authbridge.upstream;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.Fuseable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_PREDICATE_ROUTE_ATTR;

/**
 * The gateway's route lookup over a list of the routes taken at every refresh, deciding in a plain loop
 * the predicates that answer at once (a single {@code Path}, {@code Host}, {@code Method}, ... predicate
 * answers with a ready value). The gateway's own lookup runs a reactive pipeline per request: the cached
 * route list replayed as a Flux, a {@code filterWhen} per route, and, once a route matched, the routes it
 * had already requested discarded one by one. Routes are tried in the same order, with the same exchange
 * attribute naming the route being tested; from the first predicate that answers later (a combined or an
 * asynchronous one) on, the rest of the list is looked up the gateway's way. Before the first refresh, and
 * with a route locator that does not announce refreshes, every lookup is the gateway's.
 */
final class RouteSnapshotHandlerMapping extends RoutePredicateHandlerMapping
        implements ApplicationListener<RefreshRoutesResultEvent> {

    private static final Log log = LogFactory.getLog(RouteSnapshotHandlerMapping.class);

    /** A predicate's answer that is not ready. */
    private static final Object LATER = new Object();

    private final RouteLocator routeLocator;

    private volatile List<Route> routes;

    RouteSnapshotHandlerMapping(FilteringWebHandler webHandler, RouteLocator routeLocator,
            GlobalCorsProperties globalCorsProperties, Environment environment) {
        super(webHandler, routeLocator, globalCorsProperties, environment);
        this.routeLocator = routeLocator;
    }

    @Override
    public void onApplicationEvent(RefreshRoutesResultEvent event) {
        if (event.getSource() != routeLocator) {
            return;
        }
        if (!event.isSuccess()) {
            // the gateway keeps serving the routes it had; so does this list
            return;
        }
        routeLocator.getRoutes().collectList().subscribe(list -> routes = List.copyOf(list), ex -> {
            log.warn("Routes could not be listed after a refresh; looking them up per request", ex);
            routes = null;
        });
    }

    @Override
    protected Mono<Route> lookupRoute(ServerWebExchange exchange) {
        List<Route> snapshot = routes;
        if (snapshot == null) {
            return super.lookupRoute(exchange);
        }
        for (int i = 0; i < snapshot.size(); i++) {
            Route route = snapshot.get(i);
            Publisher<Boolean> answer = test(route, exchange);
            Object value = answer instanceof Fuseable.ScalarCallable<?> ready ? valueOf(ready) : LATER;
            if (value == LATER) {
                return Flux.concat(Mono.just(route).filterWhen(r -> answer), lookup(snapshot.subList(i + 1, snapshot.size()), exchange))
                    .next()
                    .map(matched -> validated(matched, exchange));
            }
            if (Boolean.TRUE.equals(value)) {
                return Mono.just(validated(route, exchange));
            }
        }
        return Mono.empty();
    }

    /** The gateway's way, for the routes after a predicate that did not answer at once. */
    private Flux<Route> lookup(List<Route> rest, ServerWebExchange exchange) {
        return Flux.fromIterable(rest).filterWhen(route -> test(route, exchange));
    }

    private Publisher<Boolean> test(Route route, ServerWebExchange exchange) {
        exchange.getAttributes().put(GATEWAY_PREDICATE_ROUTE_ATTR, route.getId());
        try {
            return route.getPredicate().apply(exchange);
        }
        catch (Exception ex) {
            log.error("Error applying predicate for route: " + route.getId(), ex);
            return Mono.just(false);
        }
    }

    /** The ready answer (null when empty), or {@link #LATER} for an error: the gateway's way reports it. */
    private static Object valueOf(Fuseable.ScalarCallable<?> ready) {
        try {
            return ready.call();
        }
        catch (Exception ex) {
            return LATER;
        }
    }

    private Route validated(Route route, ServerWebExchange exchange) {
        validateRoute(route, exchange);
        return route;
    }
}
