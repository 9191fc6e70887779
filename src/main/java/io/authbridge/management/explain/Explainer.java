package io.authbridge.management.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.authbridge.authentication.AuthOutcome;
import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.authentication.AuthenticationGlobalFilter;
import io.authbridge.authentication.Rejection;
import io.authbridge.authorization.AccessRules;
import io.authbridge.authorization.AuthorizeGatewayFilterFactory.AuthorizeFilter;
import io.authbridge.authorization.RouteRequirements;
import io.authbridge.authorization.UpstreamAuthGatewayFilterFactory.UpstreamAuthFilter;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.error.GatewayError;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.route.Route;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Decides whether a token may call a route the way a request does: authentication's outcome first (a
 * rejected token is refused unless the route is public, where it goes on anonymously), then every
 * {@code Authorize} filter of the route through {@link AccessRules}, and {@code UpstreamAuth}'s refusal of a
 * caller it cannot name upstream.
 */
final class Explainer {

    private static final Verdict.Reason NO_PROJECT = new Verdict.Reason("no_project", "The route sends Basic "
            + "project_id:token upstream and the token acts in no project: send it as Basic with a project id.",
            List.of());

    private final AccessRules rules;

    private final ErrorResponseWriter errors;

    Explainer(AccessRules rules, ErrorResponseWriter errors) {
        this.rules = rules;
        this.errors = errors;
    }

    /** The requirements of every {@code Authorize} filter of the route (default filters included), in order. */
    static List<RouteRequirements> requirements(Route route) {
        return filters(route, AuthorizeFilter.class).stream().map(AuthorizeFilter::requirements).toList();
    }

    /** The route's filters of one kind, unwrapped from the order the gateway gives them. */
    static <T> List<T> filters(Route route, Class<T> kind) {
        List<T> found = new ArrayList<>();
        for (GatewayFilter filter : route.getFilters()) {
            GatewayFilter inner = filter instanceof OrderedGatewayFilter ordered ? ordered.getDelegate() : filter;
            if (kind.isInstance(inner)) {
                found.add(kind.cast(inner));
            }
        }
        return found;
    }

    /**
     * @param outcome what authenticating the token came to ({@link AuthOutcome.Authenticated} or
     *     {@link AuthOutcome.Rejected})
     * @param ignoreProject leave the project variables out (asked about a route, not a path, for a token that
     *     may name several projects)
     * @param pathProject the value of a requirement's project variable in the request's path
     */
    Mono<Verdict> decide(Route route, AuthOutcome outcome, boolean ignoreProject,
            Function<RouteRequirements, String> pathProject) {
        AuthenticatedPrincipal principal = outcome instanceof AuthOutcome.Authenticated authenticated
                ? authenticated.principal() : null;
        if (principal == null && !AuthenticationGlobalFilter.isPublic(route)) {
            return Mono.just(refused(route, GatewayError.UNAUTHORIZED, rejection(outcome)));
        }
        return Flux.fromIterable(requirements(route))
            .map(required -> ignoreProject ? required.withoutProject() : required)
            .concatMap(required -> {
                String project = pathProject.apply(required);
                return rules.decide(principal, required, project).map(decision -> decision.unauthenticated()
                        ? rejection(outcome) : Verdict.reasons(decision, project));
            })
            .collectList()
            .map(perFilter -> {
                List<Verdict.Reason> reasons = new ArrayList<>();
                perFilter.forEach(reasons::addAll);
                for (UpstreamAuthFilter upstream : filters(route, UpstreamAuthFilter.class)) {
                    if (upstream.refuses(principal)) {
                        reasons.add(NO_PROJECT);
                    }
                }
                if (reasons.isEmpty()) {
                    return new Verdict(true, null, List.of());
                }
                return refused(route, principal == null ? GatewayError.UNAUTHORIZED : GatewayError.FORBIDDEN, reasons);
            });
    }

    /** Why authentication failed; a principal-less outcome that is no rejection still reads as one. */
    private static List<Verdict.Reason> rejection(AuthOutcome outcome) {
        return List.of(Verdict.of(outcome instanceof AuthOutcome.Rejected rejected ? rejected.reason()
                : Rejection.UNKNOWN));
    }

    private Verdict refused(Route route, GatewayError error, List<Verdict.Reason> reasons) {
        return new Verdict(false, error.status(errors.dialectOf(route)).value(), List.copyOf(reasons));
    }
}
