package io.authbridge.config;

import java.lang.reflect.Constructor;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.authbridge.GatewayConfiguration;
import io.authbridge.authorization.AccessRules;
import io.authbridge.authorization.AuthorizeGatewayFilterFactory;
import io.authbridge.authorization.UpstreamAuthGatewayFilterFactory;
import io.authbridge.error.ErrorDialect;
import io.authbridge.error.ErrorProperties;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.ratelimit.RateLimitGatewayFilterFactory;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.filter.factory.AddRequestHeaderGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.GatewayFilterFactory;
import org.springframework.cloud.gateway.handler.predicate.HostRoutePredicateFactory;
import org.springframework.cloud.gateway.handler.predicate.PathRoutePredicateFactory;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.handler.predicate.RoutePredicateFactory;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.support.ConfigurationService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The route checks of strict configuration, over AuthBridge's real filter factories and a few of the gateway's:
 * what a route set must never start (or refresh) with, and what it may.
 */
class RouteValidatorTest {

    private final RouteValidator validator = validator();

    @Test
    void everyArgumentSpellingAndModeOfTheQuickStartPasses() {
        List<RouteDefinition> routes = List.of(
                route("laml", "/api/laml/2010-04-01/Accounts/{project}/**", Map.of("dialect", "laml"),
                        filter("Authorize", "any-permissions", "calling,video", "project-variable", "project"),
                        filter("UpstreamAuth", "mode", "basic")),
                route("camel", "/camel/{project}/**", Map.of("dialect", "EXCEPTIONLESS", "public", "false"),
                        filter("Authorize", "anyPermissions", "calling", "projectVariable", "project", "scopes[0]",
                                "client", "scopes[1]", "user"),
                        filter("UpstreamAuth", "mode", "static", "scheme", "basic", "username", "svc", "password", "pw")),
                route("shortcut", "/short/**", Map.of("public", true, "response-timeout", 2000),
                        new FilterDefinition("Authorize=client"), new FilterDefinition("UpstreamAuth=bearer"),
                        new FilterDefinition("RateLimit=100, 1m, project")),
                route("gateway-filters", "/plain/**", Map.of(), filter("AddRequestHeader", "name", "X-A", "value", "b")));

        assertThat(validator.problems(routes)).isEmpty();
    }

    @Test
    void anUnknownAuthorizeArgumentIsRefusedNamingRouteAndArgument() {
        List<ConfigurationProblem> problems = validator
            .problems(List.of(route("typo", "/t/**", Map.of(), filter("Authorize", "scopez", "client"))));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.route()).isEqualTo("typo");
            assertThat(problem.argument()).isEqualTo("Authorize.scopez");
            assertThat(problem.reason()).contains("unknown argument").contains("scopes").contains("project-variable");
        });
    }

    @Test
    void anUnderscoreSpellingIsBoundAsTheGatewayBindsItAndCheckedAlike() {
        assertThat(validator.problems(List.of(route("underscore", "/u/{project}/**", Map.of(),
                filter("Authorize", "project_variable", "project"))))).isEmpty();
        assertThat(validator.problems(List.of(route("underscore", "/u/{account}/**", Map.of(),
                filter("Authorize", "project_variable", "project"))))).singleElement()
            .satisfies(problem -> assertThat(problem.reason()).contains("'project' is not a URI variable"));
    }

    @Test
    void theJwtModesArgumentsAreKnownFromItsConfigAndAMisspeltOneIsRefused() {
        List<ConfigurationProblem> problems = validator.problems(List.of(route("signed", "/s/**", Map.of(),
                filter("UpstreamAuth", "mode", "jwt", "audiance", "billing"))));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.argument()).isEqualTo("UpstreamAuth.audiance");
            assertThat(problem.reason()).contains("audience").contains("ttl").contains("header");
        });
    }

    @Test
    void unknownValuesOfAuthBridgeFiltersAreRefusedNamingTheRoute() {
        assertThat(reasons(filter("Authorize", "scopes", "clint"))).contains("unknown scope 'clint'");
        assertThat(reasons(filter("Authorize", "permissions", "calls"))).contains("unknown permission 'calls'");
        assertThat(reasons(filter("UpstreamAuth", "mode", "bearr"))).contains("unknown mode 'bearr'");
        assertThat(reasons(filter("UpstreamAuth", "mode", "static", "scheme", "basic", "username", "svc")))
            .contains("'password' is required");
        assertThat(reasons(filter("UpstreamAuth", "mode", "static", "scheme", "bearer"))).contains("'token' is required");
        assertThat(reasons(filter("UpstreamAuth", "mode", "static"))).contains("scheme must be");
        assertThat(reasons(filter("RateLimit", "limit", "0"))).contains("limit must be at least 1");
        assertThat(reasons(filter("RateLimit", "limit", "10", "per", "user"))).contains("per must be");
        assertThat(reasons(filter("RateLimit", "limit", "10", "period", "0s"))).contains("period must be");
    }

    @Test
    void aValueThatDoesNotConvertNamesItsArgument() {
        List<ConfigurationProblem> problems = validator
            .problems(List.of(route("bad-limit", "/l/**", Map.of(), filter("RateLimit", "limit", "many"))));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.route()).isEqualTo("bad-limit");
            assertThat(problem.argument()).isEqualTo("RateLimit.limit");
        });
    }

    @Test
    void moreShortcutValuesThanArgumentsAreRefused() {
        assertThat(reasons(new FilterDefinition("RateLimit=10, 1m, token, extra"))).contains("more shortcut values");
    }

    @Test
    void aProjectVariableThatThePathDoesNotDeclareIsRefused() {
        List<ConfigurationProblem> problems = validator.problems(List.of(route("calls",
                "/Accounts/{account}/Calls/**", Map.of(), filter("Authorize", "project-variable", "project"))));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.argument()).isEqualTo("Authorize.project-variable");
            assertThat(problem.reason()).contains("'project' is not a URI variable").contains("account");
        });
    }

    @Test
    void aProjectVariableOfAHostPredicateIsAccepted() {
        RouteDefinition route = route("host", "/any/**", Map.of(), filter("Authorize", "project-variable", "project"));
        PredicateDefinition host = new PredicateDefinition();
        host.setName("Host");
        host.addArg("_genkey_0", "{project}.example.test");
        route.getPredicates().add(host);

        assertThat(validator.problems(List.of(route))).isEmpty();
    }

    @Test
    void metadataAuthBridgeReadsMustHoldValuesItUnderstands() {
        List<ConfigurationProblem> problems = validator.problems(List.of(
                route("dialect", "/d/**", Map.of("dialect", "lamel")),
                route("public", "/p/**", Map.of("public", "yes")),
                route("timeout", "/r/**", Map.of("response-timeout", "2s", "connect-timeout", "x"))));

        assertThat(problems).extracting(ConfigurationProblem::toString).containsExactly(
                "route 'dialect', 'metadata.dialect': unknown dialect 'lamel' (known: signalwire, exceptionless, laml)",
                "route 'public', 'metadata.public': must be true or false, not 'yes'",
                "route 'timeout', 'metadata.connect-timeout': must be a whole number of milliseconds, not 'x'",
                "route 'timeout', 'metadata.response-timeout': must be a whole number of milliseconds, not '2s'");
    }

    @Test
    void anUnknownFilterNameIsRefusedNamingTheRoute() {
        List<ConfigurationProblem> problems = validator
            .problems(List.of(route("misspelt", "/m/**", Map.of(), filter("Authorise", "scopes", "client"))));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.route()).isEqualTo("misspelt");
            assertThat(problem.reason()).contains("Authorise");
        });
    }

    @Test
    void twoRoutesWithOneIdAreRefused() {
        assertThat(validator.problems(List.of(route("same", "/a/**", Map.of()), route("same", "/b/**", Map.of()))))
            .singleElement().satisfies(problem -> assertThat(problem.reason()).contains("two routes have this id"));
    }

    @Test
    void validateThrowsOneExceptionListingEveryProblem() {
        assertThatThrownBy(() -> validator.validate(List.of(
                route("one", "/1/**", Map.of(), filter("Authorize", "scopez", "client")),
                route("two", "/2/**", Map.of(), filter("UpstreamAuth", "mode", "jwtt")))))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("route 'one', 'Authorize.scopez'")
            .hasMessageContaining("route 'two'")
            .satisfies(ex -> assertThat(((InvalidConfigurationException) ex).problems()).hasSize(2));
    }

    /** The reasons of the problems of one route with this filter, joined. */
    private String reasons(FilterDefinition filter) {
        List<ConfigurationProblem> problems = validator.problems(List.of(route("r", "/r/**", Map.of(), filter)));
        assertThat(problems).isNotEmpty().allSatisfy(problem -> assertThat(problem.route()).isEqualTo("r"));
        return String.join("; ", problems.stream().map(ConfigurationProblem::reason).toList());
    }

    static RouteDefinition route(String id, String path, Map<String, Object> metadata, FilterDefinition... filters) {
        RouteDefinition route = new RouteDefinition();
        route.setId(id);
        route.setUri(URI.create("http://upstream.test"));
        route.getPredicates().add(new PredicateDefinition("Path=" + path));
        route.setMetadata(new LinkedHashMap<>(metadata));
        route.setFilters(List.of(filters));
        return route;
    }

    static FilterDefinition filter(String name, String... keysAndValues) {
        FilterDefinition filter = new FilterDefinition();
        filter.setName(name);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            filter.addArg(keysAndValues[i], keysAndValues[i + 1]);
        }
        return filter;
    }

    @SuppressWarnings("rawtypes")
    static RouteValidator validator() {
        ErrorResponseWriter errors = new ErrorResponseWriter(new ErrorProperties(ErrorDialect.SIGNALWIRE));
        List<GatewayFilterFactory> filters = List.of(new AuthorizeGatewayFilterFactory(errors, new AccessRules(null)),
                new UpstreamAuthGatewayFilterFactory(errors, null), rateLimit(), new AddRequestHeaderGatewayFilterFactory());
        List<RoutePredicateFactory> predicates = List.of(new PathRoutePredicateFactory(new org.springframework.boot.webflux.autoconfigure.WebFluxProperties()), new HostRoutePredicateFactory());
        ConfigurationService configuration = GatewayConfiguration.withoutValidation();
        return new RouteValidator(filters, predicates, new GatewayProperties(), configuration);
    }

    /** The RateLimit factory without a limiter: building its filter never calls one. */
    private static RateLimitGatewayFilterFactory rateLimit() {
        try {
            Constructor<?> constructor = RateLimitGatewayFilterFactory.class.getDeclaredConstructors()[0];
            constructor.setAccessible(true);
            return (RateLimitGatewayFilterFactory) constructor.newInstance(null, null, null);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
