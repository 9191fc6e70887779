package io.authbridge.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import io.authbridge.GatewayConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionRouteLocator;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.boot.webflux.autoconfigure.WebFluxProperties;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.handler.AsyncPredicate;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.predicate.HeaderRoutePredicateFactory;
import org.springframework.cloud.gateway.handler.predicate.MethodRoutePredicateFactory;
import org.springframework.cloud.gateway.handler.predicate.PathRoutePredicateFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.http.HttpMethod;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_PREDICATE_MATCHED_PATH_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_PREDICATE_MATCHED_PATH_ROUTE_ID_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_PREDICATE_PATH_CONTAINER_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_PREDICATE_ROUTE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.URI_TEMPLATE_VARIABLES_ATTRIBUTE;

/**
 * Routes skipped for the request's first path segment are exactly routes the gateway's own lookup would have
 * tried in vain: on generated route tables of the gateway's own {@code Path}, {@code Method} and {@code Header}
 * predicates, combined as a route's predicates are and as users combine them, and generated request paths
 * (letter case, percent-escapes, matrix variables, empty and dot segments, trailing slashes), the lookup over the
 * index finds the route the gateway finds, and leaves the attributes its predicates set as the gateway leaves them.
 */
class RouteIndexTest {

    /** Patterns: literal first segments (indexed), and every kind of first segment that is not one. */
    private static final String[] PATTERNS = { "/a/**", "/a", "/a/b", "/A/**", "/ab/**", "/a.b/**", "/a-b/{x}",
        "/a_b/{*rest}", "/a~b", "/b/**", "/b/{x}/c", "/{x}/**", "/{x}", "/**", "/a*/**", "/?b/**", "/%61/**", "/a%2Fb/**",
        "/", "/a;x/**", "/caf\u00e9/**", "/{*all}", "/ab", "/b" };

    /** First segments of request paths: each pattern's, in other spellings, and others. */
    private static final String[] SEGMENTS = { "a", "A", "ab", "aB", "a.b", "a-b", "a_b", "a~b", "b", "c", "%61", "%41",
        "a%62", "a;x=1", "a;", "%61;v=2", "a%3Bx", "a%2Fb", "a%2fb", "", ".", "..", "caf%C3%A9", "caf\u00e9", "a%20", "%20a",
        "a+b", "ab;c=d;e" };

    private static final String[] RESTS = { "", "/", "/b", "/b/c", "/x/c", "//b", "/b/", "/%62", "/b;m=1" };

    /** What the application's own predicates saw of the path container, in the order they ran. */
    private static final String SEEN = "seen";

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    private final RouteLocator locator = () -> Flux.fromIterable(routes);

    @Test
    void theLookupOverTheIndexFindsWhatTheGatewaysLookupFindsOnGeneratedRoutesAndPaths() {
        Random random = new Random(2026_12_07);
        int skipping = 0;
        for (int trial = 0; trial < 3_000; trial++) {
            List<String> shown = new ArrayList<>();
            List<Route> generated = new ArrayList<>();
            int count = 1 + random.nextInt(6);
            PathRoutePredicateFactory paths = pathFactory(random);
            for (int i = 0; i < count; i++) {
                StringBuilder predicate = new StringBuilder();
                generated.add(Route.async().id("r" + i).uri("http://upstream.test").asyncPredicate(predicate(random, paths, predicate))
                    .build());
                shown.add(predicate.toString());
            }
            if (comparedAndSkipped(generated, shown, random)) {
                skipping++;
            }
        }
        // the comparison means something only if the index skipped routes in many of the trials
        assertThat(skipping).isGreaterThan(500);
    }

    @Test
    void routesAsTheRouteLocatorBuildsThemFromDefinitionsAreIndexedAndFoundAsTheGatewayFindsThem() {
        Random random = new Random(2026_12_08);
        int skipping = 0;
        for (int trial = 0; trial < 1_500; trial++) {
            List<RouteDefinition> definitions = new ArrayList<>();
            List<String> shown = new ArrayList<>();
            int count = 1 + random.nextInt(6);
            for (int i = 0; i < count; i++) {
                RouteDefinition definition = new RouteDefinition();
                definition.setId("r" + i);
                definition.setUri(URI.create("http://upstream.test"));
                List<PredicateDefinition> predicates = new ArrayList<>();
                int more = random.nextInt(4);
                for (int p = 0; p < more; p++) {
                    int kind = p == 0 && random.nextInt(4) != 0 ? 0 : random.nextInt(3);
                    predicates.add(new PredicateDefinition(kind == 0
                            ? "Path=" + PATTERNS[random.nextInt(PATTERNS.length)]
                                    + (random.nextBoolean() ? "," + PATTERNS[random.nextInt(PATTERNS.length)] : "")
                            : kind == 1 ? "Method=POST" : "Header=X-A"));
                }
                definition.setPredicates(predicates);
                definitions.add(definition);
                shown.add(predicates.stream().map(d -> d.getName() + "=" + d.getArgs().values()).toList().toString());
            }
            List<Route> built = routeLocator(definitions).getRoutes().collectList().block(Duration.ofSeconds(5));
            if (comparedAndSkipped(built, shown, random)) {
                skipping++;
            }
        }
        // YAML routes start with the locator's (true && ...): the index must see past it, or it skips nothing
        assertThat(skipping).isGreaterThan(300);
    }

    /** A route locator as the gateway's, over these definitions, with the Path, Method and Header factories. */
    private static RouteLocator routeLocator(List<RouteDefinition> definitions) {
        ConfigurationService configuration = GatewayConfiguration.withoutValidation();
        return new RouteDefinitionRouteLocator(() -> Flux.fromIterable(definitions),
                List.of(new PathRoutePredicateFactory(new WebFluxProperties()), new MethodRoutePredicateFactory(),
                        new HeaderRoutePredicateFactory()),
                List.of(), new GatewayProperties(), configuration);
    }

    /**
     * Compares the lookup over the index with the gateway's on these routes for generated requests (each also looked
     * up again for another path on the same attributes); whether the index skipped a route for a generated request.
     */
    private boolean comparedAndSkipped(List<Route> generated, List<String> shown, Random random) {
        routes.clear();
        routes.addAll(generated);
        RouteSnapshotHandlerMapping indexed = mapping();
        indexed.onApplicationEvent(new RefreshRoutesResultEvent(locator));
        RouteSnapshotHandlerMapping gatewaysWay = mapping();
        for (int request = 0; request < 8; request++) {
            String path = path(random);
            HttpMethod method = random.nextBoolean() ? HttpMethod.GET : HttpMethod.POST;
            boolean header = random.nextBoolean();
            assertThat(outcome(indexed, path, method, header)).as("routes %s, %s %s", shown, method, path)
                .isEqualTo(outcome(gatewaysWay, path, method, header));
            String then = path(random);
            assertThat(twoLookups(indexed, path, then, method, header))
                .as("routes %s, %s %s, then %s on the same attributes", shown, method, path, then)
                .isEqualTo(twoLookups(gatewaysWay, path, then, method, header));
        }
        ServerWebExchange probe = exchange(path(random), HttpMethod.GET, false);
        return RouteIndex.of(generated).candidates(probe).positions().length < generated.size();
    }

    @Test
    void aRequestTriesOnlyTheRoutesOfItsFirstSegmentAndThoseThatNeedNone() {
        PathRoutePredicateFactory paths = new PathRoutePredicateFactory(new WebFluxProperties());
        List<Route> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(Route.async().id("r" + i).uri("http://upstream.test")
                .asyncPredicate(AsyncPredicate.from(paths.apply(pathConfig("/s" + i + "/**")))).build());
        }
        many.add(Route.async().id("method").uri("http://upstream.test")
            .asyncPredicate(AsyncPredicate.from(new MethodRoutePredicateFactory().apply(methodConfig(HttpMethod.POST)))).build());

        RouteIndex index = RouteIndex.of(many);

        assertThat(index.candidates(exchange("/s150/x", HttpMethod.GET, false)).positions()).containsExactly(150, 200);
        assertThat(index.candidates(exchange("/s%3150/x", HttpMethod.GET, false)).positions()).as("the decoded segment")
            .containsExactly(150, 200);
        assertThat(index.candidates(exchange("/other", HttpMethod.GET, false)).positions()).containsExactly(200);
    }

    @Test
    void aCaseInsensitiveParserOrAPatternWithoutALiteralFirstSegmentIsNotIndexed() {
        PathRoutePredicateFactory insensitive = new PathRoutePredicateFactory(new WebFluxProperties());
        PathPatternParser parser = new PathPatternParser();
        parser.setCaseSensitive(false);
        insensitive.setPathPatternParser(parser);
        PathRoutePredicateFactory paths = new PathRoutePredicateFactory(new WebFluxProperties());
        List<Route> table = List.of(
                Route.async().id("insensitive").uri("http://upstream.test")
                    .asyncPredicate(AsyncPredicate.from(insensitive.apply(pathConfig("/a/**")))).build(),
                Route.async().id("variable").uri("http://upstream.test")
                    .asyncPredicate(AsyncPredicate.from(paths.apply(pathConfig("/b/**", "/{x}/c")))).build());

        assertThat(RouteIndex.of(table).candidates(exchange("/A/x", HttpMethod.GET, false)).positions()).containsExactly(0, 1);
    }

    @Test
    void aRequestLookedUpAgainForAnotherPathIsMatchedOnItsOwnPathWhenTheFirstLookupReadNoPath() {
        // a forward: route without a Path predicate, then a protected route, then a public catch-all: the forwarded
        // request (the same attributes, another path) must reach the protected route, as with the gateway's lookup
        PathRoutePredicateFactory paths = new PathRoutePredicateFactory(new WebFluxProperties());
        HeaderRoutePredicateFactory.Config legacy = new HeaderRoutePredicateFactory.Config();
        legacy.setHeader("X-A");
        routes.clear();
        routes.addAll(List.of(
                Route.async().id("legacy").uri("forward:/admin/panel")
                    .asyncPredicate(AsyncPredicate.from(new HeaderRoutePredicateFactory().apply(legacy))).build(),
                Route.async().id("admin").uri("http://upstream.test")
                    .asyncPredicate(AsyncPredicate.from(paths.apply(pathConfig("/admin/**")))).build(),
                Route.async().id("public").uri("http://upstream.test")
                    .asyncPredicate(AsyncPredicate.from(paths.apply(pathConfig("/**")))).build()));
        RouteSnapshotHandlerMapping indexed = mapping();
        indexed.onApplicationEvent(new RefreshRoutesResultEvent(locator));

        for (RouteSnapshotHandlerMapping mapping : List.of(indexed, mapping())) {
            ServerWebExchange exchange = exchange("/legacy/panel", HttpMethod.GET, true);
            assertThat(mapping.lookupRoute(exchange).block(Duration.ofSeconds(5)).getId()).isEqualTo("legacy");
            Object pathLeft = exchange.getAttributes().get(GATEWAY_PREDICATE_PATH_CONTAINER_ATTR);

            ServerWebExchange forwarded = exchange.mutate()
                .request(request -> request.path("/admin/panel").headers(headers -> headers.remove("X-A")))
                .build();
            assertThat(mapping.lookupRoute(forwarded).block(Duration.ofSeconds(5)).getId()).isEqualTo("admin");
            assertThat(pathLeft).isNull();
        }
    }

    @Test
    void somethingElseUnderThePathContainersNameTriesEveryRoute() {
        PathRoutePredicateFactory paths = new PathRoutePredicateFactory(new WebFluxProperties());
        List<Route> table = List.of(Route.async().id("a").uri("http://upstream.test")
            .asyncPredicate(AsyncPredicate.from(paths.apply(pathConfig("/a/**")))).build());
        ServerWebExchange exchange = exchange("/b", HttpMethod.GET, false);
        exchange.getAttributes().put(GATEWAY_PREDICATE_PATH_CONTAINER_ATTR, "/a/x");

        assertThat(RouteIndex.of(table).candidates(exchange).positions()).containsExactly(0);
        assertThat(exchange.getAttributes()).containsEntry(GATEWAY_PREDICATE_PATH_CONTAINER_ATTR, "/a/x");
    }

    private static PathRoutePredicateFactory pathFactory(Random random) {
        WebFluxProperties properties = new WebFluxProperties();
        if (random.nextInt(6) == 0) {
            properties.setBasePath("/a");
        }
        PathRoutePredicateFactory factory = new PathRoutePredicateFactory(properties);
        if (random.nextInt(6) == 0) {
            PathPatternParser parser = new PathPatternParser();
            parser.setCaseSensitive(false);
            factory.setPathPatternParser(parser);
        }
        return factory;
    }

    /** A route's predicates: mostly a {@code Path} first and others after it, as users write them, else any mix. */
    private static AsyncPredicate<ServerWebExchange> predicate(Random random, PathRoutePredicateFactory paths, StringBuilder shown) {
        AsyncPredicate<ServerWebExchange> all = leaf(random, paths, shown, random.nextInt(4) != 0);
        int more = random.nextInt(3);
        for (int i = 0; i < more; i++) {
            int kind = random.nextInt(4);
            shown.append(kind == 0 ? " || " : " && ");
            AsyncPredicate<ServerWebExchange> next = kind == 3 ? leaf(random, paths, shown.append('!'), false).negate()
                    : leaf(random, paths, shown, false);
            all = kind == 0 ? all.or(next) : all.and(next);
        }
        return all;
    }

    private static AsyncPredicate<ServerWebExchange> leaf(Random random, PathRoutePredicateFactory paths, StringBuilder shown,
            boolean path) {
        int kind = path ? 0 : random.nextInt(4);
        if (kind == 0) {
            List<String> patterns = new ArrayList<>();
            int count = 1 + random.nextInt(2);
            for (int i = 0; i < count; i++) {
                patterns.add(PATTERNS[random.nextInt(PATTERNS.length)]);
            }
            shown.append("Path=").append(patterns);
            PathRoutePredicateFactory.Config config = pathConfig(patterns.toArray(String[]::new));
            config.setMatchTrailingSlash(random.nextBoolean());
            return AsyncPredicate.from(paths.apply(config));
        }
        if (kind == 1) {
            shown.append("Method=POST");
            return AsyncPredicate.from(new MethodRoutePredicateFactory().apply(methodConfig(HttpMethod.POST)));
        }
        if (kind == 3) {
            // an application's own predicate: it sees whether the path container is kept yet, as it would in the
            // gateway's lookup
            shown.append("Seen");
            return AsyncPredicate.from(exchange -> {
                exchange.getAttributes().merge(SEEN, exchange.getAttribute(GATEWAY_PREDICATE_PATH_CONTAINER_ATTR) == null
                        ? "-" : "p", (before, now) -> before + (String) now);
                return exchange.getRequest().getHeaders().containsHeader("X-A");
            });
        }
        shown.append("Header=X-A");
        HeaderRoutePredicateFactory.Config config = new HeaderRoutePredicateFactory.Config();
        config.setHeader("X-A");
        return AsyncPredicate.from(new HeaderRoutePredicateFactory().apply(config));
    }

    private static PathRoutePredicateFactory.Config pathConfig(String... patterns) {
        return new PathRoutePredicateFactory.Config().setPatterns(List.of(patterns));
    }

    private static MethodRoutePredicateFactory.Config methodConfig(HttpMethod method) {
        MethodRoutePredicateFactory.Config config = new MethodRoutePredicateFactory.Config();
        config.setMethods(method);
        return config;
    }

    private static String path(Random random) {
        StringBuilder path = new StringBuilder();
        if (random.nextInt(10) != 0) {
            path.append('/').append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
        }
        if (random.nextInt(5) == 0) {
            path.append('/').append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
        }
        path.append(RESTS[random.nextInt(RESTS.length)]);
        return path.isEmpty() ? "/" : path.toString();
    }

    /** The route found (or none, or the failure) and the attributes the predicates left. */
    private static String outcome(RouteSnapshotHandlerMapping mapping, String path, HttpMethod method, boolean header) {
        return outcome(mapping, exchange(path, method, header));
    }

    /**
     * The outcomes of a lookup and of a second one on the same attributes for another path, as a {@code forward:}
     * route's request is looked up again (the gateway's {@code ForwardPathFilter} and {@code ForwardRoutingFilter}).
     */
    private static String twoLookups(RouteSnapshotHandlerMapping mapping, String path, String then, HttpMethod method,
            boolean header) {
        ServerWebExchange exchange = exchange(path, method, header);
        String first = outcome(mapping, exchange);
        ServerWebExchange forwarded = exchange.mutate().request(request -> request.path(then)).build();
        return first + " | " + outcome(mapping, forwarded);
    }

    private static String outcome(RouteSnapshotHandlerMapping mapping, ServerWebExchange exchange) {
        String found;
        try {
            Route route = mapping.lookupRoute(exchange).block(Duration.ofSeconds(5));
            found = route == null ? "none" : route.getId();
        }
        catch (RuntimeException failed) {
            found = "failed: " + failed.getMessage();
        }
        Map<String, Object> attributes = exchange.getAttributes();
        return found + " tested=" + attributes.get(GATEWAY_PREDICATE_ROUTE_ATTR) + " matched="
                + attributes.get(GATEWAY_PREDICATE_MATCHED_PATH_ATTR) + " by=" + attributes.get(GATEWAY_PREDICATE_MATCHED_PATH_ROUTE_ID_ATTR)
                + " variables=" + attributes.get(URI_TEMPLATE_VARIABLES_ATTRIBUTE) + " path="
                + attributes.get(GATEWAY_PREDICATE_PATH_CONTAINER_ATTR) + " seen=" + attributes.get(SEEN);
    }

    private static ServerWebExchange exchange(String path, HttpMethod method, boolean header) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.method(method, URI.create("http://gateway.test" + path));
        if (header) {
            request.header("X-A", "1");
        }
        return MockServerWebExchange.from(request);
    }

    private RouteSnapshotHandlerMapping mapping() {
        return new RouteSnapshotHandlerMapping(new FilteringWebHandler(List.of(), false), locator, new GlobalCorsProperties(),
                new MockEnvironment());
    }
}
