package io.authbridge.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

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
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_PREDICATE_ROUTE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REACTOR_CONTEXT_ATTR;

/**
 * The gateway's route lookup over a list of the routes taken at every refresh, in a plain loop while the
 * predicates answer during their subscription (the gateway's own predicates do, however they are combined,
 * except those that read the request body). The gateway's own lookup runs a reactive pipeline per request: the cached route list
 * replayed as a Flux, a {@code filterWhen} per route and, once a route matched, the routes it had already
 * requested discarded one by one. Routes are tried in the same order, with the same exchange attribute
 * naming the route being tested, each predicate subscribed once; a predicate that answers later is waited
 * for, and the loop goes on from the next route. A predicate made only of the gateway's own wrappers is tested
 * as the plain predicate it wraps ({@link SyncPredicates}), without subscribing to anything. Routes whose {@code Path}
 * predicate cannot match the request's first path segment are not tried ({@link RouteIndex}). Before the first refresh,
 * and with a route locator that does not announce refreshes, every lookup is the gateway's.
 */
final class RouteSnapshotHandlerMapping extends RoutePredicateHandlerMapping
        implements ApplicationListener<RefreshRoutesResultEvent> {

    private static final Log log = LogFactory.getLog(RouteSnapshotHandlerMapping.class);

    private final RouteLocator routeLocator;

    private volatile Snapshot routes;

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
        routeLocator.getRoutes().collectList().subscribe(list -> routes = Snapshot.of(list), ex -> {
            log.warn("Routes could not be listed after a refresh; looking them up per request", ex);
            routes = null;
        });
    }

    @Override
    protected Mono<Route> lookupRoute(ServerWebExchange exchange) {
        Snapshot snapshot = routes;
        return snapshot == null ? super.lookupRoute(exchange)
                : find(snapshot, snapshot.index().candidates(exchange), 0, exchange, List.of());
    }

    /**
     * The first route from {@code from} on that matches: in this loop while the predicates answer at once. A predicate
     * that fails counts as not matching while the routes after it are tried, as in the gateway's {@code filterWhen}:
     * the lookup fails with the failures ({@code failed} so far, several as one composite) only when no route matches.
     */
    private Mono<Route> find(Snapshot snapshot, RouteIndex.Candidates candidates, int from, ServerWebExchange exchange,
            List<Throwable> failed) {
        int[] positions = candidates.positions();
        for (int c = from; c < positions.length; c++) {
            int i = positions[c];
            // the path container, kept as the gateway's lookup keeps it once it tested a route skipped here
            candidates.passed(exchange, c);
            Route route = snapshot.routes().get(i);
            Boolean tested = testDirectly(snapshot.predicates()[i], route, exchange);
            if (tested != null) {
                if (tested) {
                    return Mono.just(validated(route, exchange));
                }
                continue;
            }
            Answer answer = new Answer(exchange);
            test(route, exchange).subscribe(answer);
            if (!answer.isReady()) {
                int next = c + 1;
                List<Throwable> before = failed;
                return answer.later().materialize().flatMap(signal -> signal.isOnError()
                        ? find(snapshot, candidates, next, exchange, with(before, signal.getThrowable()))
                        : Boolean.TRUE.equals(signal.get()) ? Mono.just(validated(route, exchange))
                        : find(snapshot, candidates, next, exchange, before));
            }
            if (answer.error != null) {
                failed = with(failed, answer.error);
                continue;
            }
            if (Boolean.TRUE.equals(answer.value)) {
                return Mono.just(validated(route, exchange));
            }
        }
        if (positions.length < snapshot.routes().size()) {
            // as after the gateway's lookup, which tried every route: the last one is named, the path container kept
            candidates.passed(exchange, positions.length);
            exchange.getAttributes().put(GATEWAY_PREDICATE_ROUTE_ATTR, snapshot.routes().get(snapshot.routes().size() - 1).getId());
        }
        if (failed.isEmpty()) {
            return Mono.empty();
        }
        return Mono.error(failed.size() == 1 ? failed.get(0) : Exceptions.multiple(failed));
    }

    private static List<Throwable> with(List<Throwable> failed, Throwable failure) {
        List<Throwable> all = new ArrayList<>(failed);
        all.add(failure);
        return all;
    }

    /**
     * The answer of a route's plain predicate ({@link SyncPredicates}), or null when the route has none or it failed:
     * then the gateway's way tests it again, failing as the gateway fails (the route skipped and logged, or its failure
     * kept for the end of the lookup, depending on where in the predicate the failure was).
     */
    private static Boolean testDirectly(Predicate<ServerWebExchange> predicate, Route route, ServerWebExchange exchange) {
        if (predicate == null) {
            return null;
        }
        exchange.getAttributes().put(GATEWAY_PREDICATE_ROUTE_ATTR, route.getId());
        try {
            return predicate.test(exchange);
        }
        catch (RuntimeException failed) {
            return null;
        }
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
     * The routes of the last refresh, in order, each with its plain predicate (null: tested the gateway's way), and
     * which of them a request can match by its path's first segment.
     */
    private record Snapshot(List<Route> routes, Predicate<ServerWebExchange>[] predicates, RouteIndex index) {

        @SuppressWarnings("unchecked")
        static Snapshot of(List<Route> list) {
            List<Route> routes = List.copyOf(list);
            Predicate<ServerWebExchange>[] predicates = new Predicate[routes.size()];
            for (int i = 0; i < predicates.length; i++) {
                predicates[i] = SyncPredicates.of(routes.get(i).getPredicate());
            }
            return new Snapshot(routes, predicates, RouteIndex.of(routes));
        }
    }

    /**
     * A predicate's answer, as {@code filterWhen} takes it: the first value (then the subscription is
     * cancelled), or false when it completes empty. Taken during the subscription when the predicate
     * answers at once, or later through {@link #later()}, whose cancellation cancels the predicate. The
     * predicate sees the Reactor context of the request's handler lookup.
     */
    private static final class Answer implements CoreSubscriber<Boolean> {

        private final Context context;

        private Subscription subscription;

        private Boolean value;

        private Throwable error;

        private boolean done;

        private Sinks.One<Boolean> later;

        Answer(ServerWebExchange exchange) {
            ContextView view = exchange.getAttribute(GATEWAY_REACTOR_CONTEXT_ATTR);
            this.context = view == null ? Context.empty() : Context.of(view);
        }

        @Override
        public Context currentContext() {
            return context;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            synchronized (this) {
                this.subscription = subscription;
            }
            subscription.request(1);
        }

        @Override
        public void onNext(Boolean next) {
            Subscription first;
            synchronized (this) {
                if (done) {
                    return;
                }
                first = subscription;
            }
            first.cancel();
            finish(Boolean.TRUE.equals(next), null);
        }

        @Override
        public void onError(Throwable failure) {
            finish(false, failure);
        }

        @Override
        public void onComplete() {
            finish(false, null);
        }

        private void finish(boolean matched, Throwable failure) {
            Sinks.One<Boolean> sink;
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                value = matched;
                error = failure;
                sink = later;
            }
            if (sink != null) {
                if (failure != null) {
                    sink.tryEmitError(failure);
                }
                else {
                    sink.tryEmitValue(matched);
                }
            }
        }

        synchronized boolean isReady() {
            return done;
        }

        synchronized Mono<Boolean> later() {
            if (done) {
                return error != null ? Mono.error(error) : Mono.just(value);
            }
            later = Sinks.one();
            Subscription pending = subscription;
            return later.asMono().doOnCancel(() -> {
                if (pending != null) {
                    pending.cancel();
                }
            });
        }
    }
}
