package io.authbridge.upstream;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_PREDICATE_ROUTE_ATTR;

/**
 * The gateway's route lookup over a list of the routes taken at every refresh, in a plain loop while the
 * predicates answer during their subscription (every predicate of the gateway's own factories does, however
 * they are combined). The gateway's own lookup runs a reactive pipeline per request: the cached route list
 * replayed as a Flux, a {@code filterWhen} per route and, once a route matched, the routes it had already
 * requested discarded one by one. Routes are tried in the same order, with the same exchange attribute
 * naming the route being tested, each predicate subscribed once; a predicate that answers later is waited
 * for, and the loop goes on from the next route. Before the first refresh, and with a route locator that
 * does not announce refreshes, every lookup is the gateway's.
 */
final class RouteSnapshotHandlerMapping extends RoutePredicateHandlerMapping
        implements ApplicationListener<RefreshRoutesResultEvent> {

    private static final Log log = LogFactory.getLog(RouteSnapshotHandlerMapping.class);

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
        return snapshot == null ? super.lookupRoute(exchange) : find(snapshot, 0, exchange);
    }

    /** The first route from {@code from} on that matches: in this loop while the predicates answer at once. */
    private Mono<Route> find(List<Route> snapshot, int from, ServerWebExchange exchange) {
        for (int i = from; i < snapshot.size(); i++) {
            Route route = snapshot.get(i);
            Answer answer = new Answer();
            test(route, exchange).subscribe(answer);
            if (!answer.isReady()) {
                int next = i + 1;
                return answer.later()
                    .defaultIfEmpty(false)
                    .flatMap(matched -> matched ? Mono.just(validated(route, exchange)) : find(snapshot, next, exchange));
            }
            if (answer.error != null) {
                // as in the gateway's lookup: the request fails with the predicate's error
                return Mono.error(answer.error);
            }
            if (Boolean.TRUE.equals(answer.value)) {
                return Mono.just(validated(route, exchange));
            }
        }
        return Mono.empty();
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

    private Route validated(Route route, ServerWebExchange exchange) {
        validateRoute(route, exchange);
        return route;
    }

    /**
     * A predicate's answer: its first value, taken during the subscription when the predicate answers at
     * once (most do: {@code Mono.just} and operators over it), or later through {@link #later()}.
     */
    private static final class Answer implements CoreSubscriber<Boolean> {

        private Boolean value;

        private Throwable error;

        private boolean done;

        private Sinks.One<Boolean> later;

        @Override
        public void onSubscribe(Subscription subscription) {
            subscription.request(1);
        }

        @Override
        public void onNext(Boolean next) {
            synchronized (this) {
                if (value == null) {
                    value = next;
                }
            }
        }

        @Override
        public void onError(Throwable failure) {
            Sinks.One<Boolean> sink;
            synchronized (this) {
                error = failure;
                done = true;
                sink = later;
            }
            if (sink != null) {
                sink.tryEmitError(failure);
            }
        }

        @Override
        public void onComplete() {
            Sinks.One<Boolean> sink;
            synchronized (this) {
                done = true;
                sink = later;
            }
            if (sink != null) {
                sink.tryEmitValue(Boolean.TRUE.equals(value));
            }
        }

        synchronized boolean isReady() {
            return done;
        }

        synchronized Mono<Boolean> later() {
            if (done) {
                return error != null ? Mono.error(error) : Mono.justOrEmpty(value);
            }
            later = Sinks.one();
            return later.asMono();
        }
    }
}
