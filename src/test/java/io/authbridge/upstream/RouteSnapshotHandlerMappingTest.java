package io.authbridge.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_PREDICATE_ROUTE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REACTOR_CONTEXT_ATTR;

/**
 * The route lookup over the routes of the last refresh finds the route the gateway's own lookup would:
 * the first in order whose predicates match, whether they answer at once or later.
 */
class RouteSnapshotHandlerMappingTest {

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    private final RouteLocator locator = () -> Flux.fromIterable(routes);

    private final RouteSnapshotHandlerMapping mapping = new RouteSnapshotHandlerMapping(
            new FilteringWebHandler(List.of(), false), locator, new GlobalCorsProperties(), new MockEnvironment());

    @Test
    void theFirstRouteInOrderWhosePredicateMatchesIsChosen() {
        routes.addAll(List.of(route("a", pathStartsWith("/a/")), route("all", pathStartsWith("/"))));
        refreshed();

        assertThat(lookup("/a/x")).isEqualTo("a");
        assertThat(lookup("/b")).isEqualTo("all");
    }

    @Test
    void noRouteMatchingIsNoHandler() {
        routes.add(route("a", pathStartsWith("/a/")));
        refreshed();

        assertThat(lookup("/b")).isNull();
    }

    @Test
    void aPredicateThatAnswersLaterIsWaitedForAndTheRoutesAfterItAreStillTriedInOrder() {
        routes.addAll(List.of(route("first", pathStartsWith("/first")),
                Route.async().id("slow").uri("http://upstream.test").asyncPredicate(exchange -> Mono.delay(Duration.ofMillis(20))
                    .map(tick -> path(exchange).startsWith("/slow"))).build(),
                route("after-slow", pathStartsWith("/")), route("never", pathStartsWith("/"))));
        refreshed();

        assertThat(lookup("/slow/x")).isEqualTo("slow");
        assertThat(lookup("/other")).isEqualTo("after-slow");
        assertThat(lookup("/first")).isEqualTo("first");
    }

    @Test
    void predicatesCombinedAsTheGatewayCombinesARoutesPredicatesAreDecided() {
        // RouteDefinitionRouteLocator folds a route's predicates into (true && first && second ...)
        routes.addAll(List.of(combined("a", pathStartsWith("/a/"), exchange -> exchange.getRequest().getHeaders().containsHeader("X-A")),
                combined("b", pathStartsWith("/"))));
        refreshed();

        assertThat(lookup("/a/x")).isEqualTo("b");
        assertThat(lookup("/a/x", "X-A")).isEqualTo("a");
    }

    @Test
    void aPredicateThatFailsCountsAsNotMatchingAndFailsTheLookupOnlyWhenNoRouteMatchesAsTheGatewaysDoes() {
        routes.addAll(List.of(Route.async().id("failing").uri("http://upstream.test")
            .asyncPredicate(exchange -> Mono.error(new IllegalStateException("predicate failed"))).build(),
                route("next", pathStartsWith("/next"))));
        refreshed();

        assertThat(lookup("/next")).isEqualTo("next");
        assertThatThrownBy(() -> lookup("/x")).hasMessageContaining("predicate failed");
    }

    @Test
    void aPredicateAnsweringSeveralTimesIsDecidedByItsFirstAnswer() {
        routes.addAll(List.of(Route.async().id("chatty").uri("http://upstream.test")
            .asyncPredicate(exchange -> Flux.just(false, true).concatWith(Flux.never())).build(),
                route("next", pathStartsWith("/"))));
        refreshed();

        assertThat(lookup("/x")).isEqualTo("next");
    }

    @Test
    void predicatesSeeTheReactorContextOfTheRequestsLookup() {
        routes.addAll(List.of(Route.async().id("tenant").uri("http://upstream.test")
            .asyncPredicate(exchange -> Mono.deferContextual(context -> Mono.just(context.hasKey("tenant")))).build(),
                route("other", pathStartsWith("/"))));
        refreshed();
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("http://gateway.test/x"));
        exchange.getAttributes().put(GATEWAY_REACTOR_CONTEXT_ATTR, Context.of("tenant", "a"));

        assertThat(mapping.lookupRoute(exchange).block(Duration.ofSeconds(5)).getId()).isEqualTo("tenant");
    }

    @Test
    void aPredicateThatThrowsDoesNotMatchAndTheNextRouteIsTried() {
        routes.addAll(List.of(route("broken", exchange -> {
            throw new IllegalStateException("broken predicate");
        }), route("next", pathStartsWith("/"))));
        refreshed();

        assertThat(lookup("/x")).isEqualTo("next");
    }

    @Test
    void eachTestedRouteIsNamedInTheExchangeWhileItsPredicateRuns() {
        List<String> named = new CopyOnWriteArrayList<>();
        routes.addAll(List.of(route("one", exchange -> named.add(exchange.getAttribute(GATEWAY_PREDICATE_ROUTE_ATTR)) && false),
                route("two", exchange -> named.add(exchange.getAttribute(GATEWAY_PREDICATE_ROUTE_ATTR)))));
        refreshed();

        assertThat(lookup("/x")).isEqualTo("two");
        assertThat(named).containsExactly("one", "two");
    }

    @Test
    void routesAddedByARefreshAreFound() {
        routes.add(route("old", pathStartsWith("/old")));
        refreshed();
        routes.add(0, route("new", pathStartsWith("/")));

        assertThat(lookup("/x")).as("until the gateway announces the refresh").isNull();
        refreshed();

        assertThat(lookup("/x")).isEqualTo("new");
    }

    @Test
    void beforeTheFirstRefreshRoutesAreLookedUpTheGatewaysWay() {
        routes.add(route("a", pathStartsWith("/")));

        assertThat(lookup("/x")).isEqualTo("a");
    }

    @Test
    void aFailedRefreshKeepsTheRoutesItHad() {
        routes.add(route("a", pathStartsWith("/")));
        refreshed();
        routes.clear();

        mapping.onApplicationEvent(new RefreshRoutesResultEvent(locator, new IllegalStateException("bad route")));

        assertThat(lookup("/x")).isEqualTo("a");
    }

    @Test
    void predicatesBuiltOfTheGatewaysWrappersDecideAsTheGatewaysOwnLookupDoesOnGeneratedRoutes() {
        Random random = new Random(5003);
        for (int trial = 0; trial < 1_000; trial++) {
            List<Route> generated = new ArrayList<>();
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                StringBuilder predicate = new StringBuilder();
                generated.add(Route.async().id("r" + i).uri("http://upstream.test").asyncPredicate(tree(random, 3, predicate)).build());
                shown.add(predicate.toString());
            }
            if (random.nextBoolean()) {
                // some lookups end without a match: then the gateway fails with what failed on the way
                generated.add(route("last", pathStartsWith("/")));
            }
            routes.clear();
            routes.addAll(generated);
            RouteSnapshotHandlerMapping gatewaysWay = new RouteSnapshotHandlerMapping(new FilteringWebHandler(List.of(), false),
                    locator, new GlobalCorsProperties(), new MockEnvironment());
            refreshed();

            assertThat(outcome(mapping)).as("routes %s", shown).isEqualTo(outcome(gatewaysWay));
        }
    }

    /**
     * A random predicate of the gateway's wrappers over leaves that match, do not, or throw, at once or later; written
     * into {@code shown}.
     */
    private static AsyncPredicate<ServerWebExchange> tree(Random random, int depth, StringBuilder shown) {
        int kind = depth == 0 ? 0 : random.nextInt(4);
        if (kind == 0) {
            Leaf leaf = new Leaf(random.nextInt(5));
            shown.append(leaf);
            if (random.nextInt(4) == 0) {
                // answered later, on another thread: not one of the gateway's plain wrappers, tested reactively
                shown.append("(later)");
                return exchange -> Mono.delay(Duration.ZERO).map(tick -> leaf.test(exchange));
            }
            return AsyncPredicate.from(leaf);
        }
        if (kind == 3) {
            shown.append('!');
            return tree(random, depth - 1, shown).negate();
        }
        shown.append('(');
        AsyncPredicate<ServerWebExchange> left = tree(random, depth - 1, shown);
        shown.append(kind == 1 ? " && " : " || ");
        AsyncPredicate<ServerWebExchange> right = tree(random, depth - 1, shown);
        shown.append(')');
        return kind == 1 ? left.and(right) : left.or(right);
    }

    /** A leaf predicate that matches (0, 1), does not (2, 3) or throws (4). */
    private record Leaf(int kind) implements Predicate<ServerWebExchange> {

        @Override
        public boolean test(ServerWebExchange exchange) {
            if (kind == 4) {
                throw new IllegalStateException("leaf failed");
            }
            return kind < 2;
        }

        @Override
        public String toString() {
            return kind < 2 ? "T" : kind < 4 ? "F" : "X";
        }
    }

    private static String outcome(RouteSnapshotHandlerMapping mapping) {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("http://gateway.test/x"));
        try {
            Route route = mapping.lookupRoute(exchange).block(Duration.ofSeconds(5));
            return route == null ? "none" : route.getId();
        }
        catch (RuntimeException failed) {
            return "failed: " + failed.getMessage();
        }
    }

    private void refreshed() {
        mapping.onApplicationEvent(new RefreshRoutesResultEvent(locator));
    }

    private String lookup(String path, String... headers) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("http://gateway.test" + path);
        for (String header : headers) {
            request.header(header, "1");
        }
        ServerWebExchange exchange = MockServerWebExchange.from(request);
        Route route = mapping.lookupRoute(exchange).block(Duration.ofSeconds(5));
        return route == null ? null : route.getId();
    }

    private static Route route(String id, Predicate<ServerWebExchange> predicate) {
        return Route.async().id(id).uri("http://upstream.test").asyncPredicate(AsyncPredicate.from(predicate)).build();
    }

    @SafeVarargs
    private static Route combined(String id, Predicate<ServerWebExchange>... predicates) {
        AsyncPredicate<ServerWebExchange> all = AsyncPredicate.from(exchange -> true);
        for (Predicate<ServerWebExchange> predicate : predicates) {
            all = all.and(AsyncPredicate.from(predicate));
        }
        return Route.async().id(id).uri("http://upstream.test").asyncPredicate(all).build();
    }

    private static Predicate<ServerWebExchange> pathStartsWith(String prefix) {
        return exchange -> path(exchange).startsWith(prefix);
    }

    private static String path(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().value();
    }
}
