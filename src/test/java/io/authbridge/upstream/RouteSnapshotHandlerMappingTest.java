package io.authbridge.upstream;

import java.time.Duration;
import java.util.List;
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
    void aPredicateThatFailsFailsTheLookupAsTheGatewaysDoes() {
        routes.addAll(List.of(Route.async().id("failing").uri("http://upstream.test")
            .asyncPredicate(exchange -> Mono.error(new IllegalStateException("predicate failed"))).build(),
                route("next", pathStartsWith("/"))));
        refreshed();

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
