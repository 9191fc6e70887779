package io.authbridge.management.explain;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.authbridge.authentication.AuthOutcome;
import io.authbridge.authentication.AuthenticationGlobalFilter;
import io.authbridge.authentication.Authenticator;
import io.authbridge.authentication.ProjectAccess;
import io.authbridge.authorization.AccessRules;
import io.authbridge.authorization.RouteRequirements;
import io.authbridge.error.ErrorDialect;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.error.GatewayError;
import io.authbridge.management.Caller;
import io.authbridge.management.ManagementFailure;
import io.authbridge.management.access.Access;
import io.authbridge.management.access.Operation;
import io.authbridge.server.MethodRule;
import io.authbridge.token.StoreUnavailableException;
import io.authbridge.token.StoredToken;
import io.authbridge.token.TokenService;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.support.NameUtils;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The routes and explain operations, for users' login tokens: a global administrator's, any token; a member's, the
 * tokens of the projects of its organizations, and its own. Other tokens
 * are not found, as if they did not exist.
 */
public final class ExplainService {

    /** One configured route and, when a token was named, whether it may call it. */
    public record RouteEntry(Route route, List<String> paths, boolean isPublic, ErrorDialect dialect,
            List<RouteRequirements> requirements, boolean showUpstream, Verdict verdict) {
    }

    /** The answer for one request: the route that serves it (null: none, or the gateway itself), and the verdict. */
    public record Explanation(UUID tokenId, String method, URI target, String routeId, Decision decision,
            Integer status, List<Verdict.Reason> reasons) {
    }

    /** {@code allow}, {@code deny} or {@code no_route}. */
    public enum Decision {
        ALLOW, DENY, NO_ROUTE
    }

    private final TokenService tokens;

    private final Authenticator authenticator;

    private final ProjectAccess projectAccess;

    private final RouteLocator routes;

    private final RouteDefinitionLocator definitions;

    private final RouteLookup lookup;

    private final Explainer explainer;

    private final ErrorResponseWriter errors;

    /** The gateway's own rule for a request's method, which refuses some before any route or credential. */
    private final MethodRule methods;

    ExplainService(TokenService tokens, Authenticator authenticator, ProjectAccess projectAccess, RouteLocator routes,
            RouteDefinitionLocator definitions, RouteLookup lookup, AccessRules rules, ErrorResponseWriter errors,
            MethodRule methods) {
        this.tokens = tokens;
        this.authenticator = authenticator;
        this.projectAccess = projectAccess;
        this.routes = routes;
        this.definitions = definitions;
        this.lookup = lookup;
        this.explainer = new Explainer(rules, errors);
        this.errors = errors;
        this.methods = methods;
    }

    /** Every route in the order they are tried; with {@code tokenId}, whether that token may call each. */
    public Mono<List<RouteEntry>> routes(Caller caller, UUID tokenId) {
        return Access.require(caller, Operation.LIST_ROUTES)
            .then(tokenId == null ? Mono.just(Target.NONE) : target(caller, tokens.findById(tokenId)))
            .zipWith(pathPatterns())
            .flatMap(targetAndPaths -> routes.getRoutes()
                .concatMap(route -> entry(caller, route, targetAndPaths.getT1(),
                        targetAndPaths.getT2().getOrDefault(route.getId(), List.of())))
                .collectList());
    }

    /**
     * Whether the token (by public id, or the token itself) may make one request, found through the gateway's
     * own route lookup. The method is taken as it is spelt, as the gateway takes it: the gateway's method rule
     * ({@link MethodRule}) refuses some before any route or token is looked at.
     *
     * @param exchange the explain request, whose scheme, host and port the request asked about keeps
     */
    public Mono<Explanation> explain(Caller caller, ServerWebExchange exchange, UUID tokenId, String secret,
            String method, URI target) {
        MethodRule.Refusal refusal = methods.refusal(method);
        return Access.require(caller, Operation.EXPLAIN)
            .then(target(caller, tokenId != null ? tokens.findById(tokenId) : tokens.findBySecret(secret)))
            .flatMap(token -> refusal == MethodRule.Refusal.NOT_A_METHOD
                    ? Mono.just(new Explanation(token.token().id(), method, target, null, Decision.DENY,
                            GatewayError.BAD_REQUEST.status(errors.defaultDialect()).value(),
                            List.of(new Verdict.Reason("not_a_method", "The gateway refuses a method that is no HTTP "
                                    + "token (RFC 9110).", List.of()))))
                    : explain(exchange, token, method, refusal, target));
    }

    private Mono<Explanation> explain(ServerWebExchange exchange, Target token, String method, MethodRule.Refusal refusal,
            URI target) {
        // a letter-case variant is answered in the dialect of the route its standard spelling would take
        HttpMethod routedAs = HttpMethod.valueOf(refusal == MethodRule.Refusal.CASE_VARIANT
                ? method.toUpperCase(Locale.ROOT) : method);
        return lookup.find(exchange, routedAs, target).flatMap(found -> {
            UUID id = token.token().id();
            if (refusal != null) {
                // refused with the request's head, before any route or token is looked at
                Route route = found instanceof RouteLookup.Routed routed ? routed.route() : null;
                ErrorDialect dialect = route == null ? errors.dialectOf(exchange) : errors.dialectOf(route);
                boolean trace = refusal == MethodRule.Refusal.TRACE;
                GatewayError error = trace ? GatewayError.METHOD_NOT_ALLOWED : GatewayError.BAD_REQUEST;
                return Mono.just(new Explanation(id, method, target, route == null ? null : route.getId(), Decision.DENY,
                        error.status(dialect).value(), List.of(trace
                                ? new Verdict.Reason("method_not_allowed", "The gateway refuses TRACE "
                                        + "(authbridge.server.allow-trace is off).", List.of())
                                : new Verdict.Reason("method_case_variant", "The gateway refuses a standard method "
                                        + "spelt in another letter case: methods are case-sensitive (RFC 9110).",
                                        List.of()))));
            }
            if (found instanceof RouteLookup.Routed routed) {
                return explainer.decide(routed.route(), token.outcome(), false,
                        required -> AccessRules.pathProject(routed.probe(), required))
                    .map(verdict -> new Explanation(id, method, target, routed.route().getId(),
                            verdict.allowed() ? Decision.ALLOW : Decision.DENY, verdict.status(), verdict.reasons()));
            }
            if (found instanceof RouteLookup.ServedByGateway) {
                return Mono.just(new Explanation(id, method, target, null, Decision.NO_ROUTE, null,
                        List.of(new Verdict.Reason("served_by_gateway", "AuthBridge serves this path itself (a "
                                + "management API, the console or the OpenAPI document): no route applies.",
                                List.of()))));
            }
            return Mono.just(new Explanation(id, method, target, null, Decision.NO_ROUTE,
                    GatewayError.NOT_FOUND.status(errors.dialectOf(exchange)).value(),
                    List.of(new Verdict.Reason("no_route", "No route matches " + method + " "
                            + target.getRawPath() + ".", List.of()))));
        });
    }

    private Mono<RouteEntry> entry(Caller caller, Route route, Target target, List<String> paths) {
        List<RouteRequirements> requirements = Explainer.requirements(route);
        boolean isPublic = AuthenticationGlobalFilter.isPublic(route);
        boolean showUpstream = Access.isGlobalAdministrator(caller.principal());
        if (target == Target.NONE) {
            return Mono.just(new RouteEntry(route, paths, isPublic, errors.dialectOf(route), requirements, showUpstream,
                    null));
        }
        // as called for the token's own project; a token bound to none may name any of its organizations' projects
        String ownProject = target.token().projectId() == null ? null : target.token().projectId().toString();
        return explainer.decide(route, target.outcome(), ownProject == null, required -> ownProject)
            .map(verdict -> new RouteEntry(route, paths, isPublic, errors.dialectOf(route), requirements, showUpstream,
                    verdict));
    }

    /** The patterns of each route's {@code Path} predicates, by route id, as its definition gives them. */
    private Mono<Map<String, List<String>>> pathPatterns() {
        return definitions.getRouteDefinitions().collectMap(RouteDefinition::getId, definition -> {
            List<String> patterns = new ArrayList<>();
            for (PredicateDefinition predicate : definition.getPredicates()) {
                if ("Path".equals(predicate.getName())) {
                    predicate.getArgs().forEach((key, value) -> {
                        // the shortcut form's keys are generated; its optional trailing flag is no pattern
                        if ((key.startsWith(NameUtils.GENERATED_NAME_PREFIX) || key.startsWith("pattern"))
                                && value.startsWith("/")) {
                            patterns.add(value);
                        }
                    });
                }
            }
            return patterns;
        });
    }

    /** The token asked about and what authenticating it comes to now. */
    private record Target(StoredToken token, AuthOutcome outcome) {

        static final Target NONE = new Target(null, null);
    }

    private Mono<Target> target(Caller caller, Mono<StoredToken> found) {
        return found.filterWhen(token -> visible(caller, token))
            .switchIfEmpty(Mono.error(new ManagementFailure.NotFound(ManagementFailure.Subject.TOKEN)))
            .flatMap(token -> authenticator.outcome(token.secretHash(), null).flatMap(outcome -> outcome
                    instanceof AuthOutcome.Unavailable
                            ? Mono.error(new StoreUnavailableException("The store did not answer the token's lookup", null))
                            : Mono.just(new Target(token, outcome))));
    }

    private Mono<Boolean> visible(Caller caller, StoredToken token) {
        if (Access.isGlobalAdministrator(caller.principal()) || token.id().equals(caller.tokenId())) {
            return Mono.just(true);
        }
        return token.projectId() == null ? Mono.just(false) : projectAccess.mayAct(caller.principal(), token.projectId());
    }
}
