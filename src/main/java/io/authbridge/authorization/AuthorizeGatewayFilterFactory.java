package io.authbridge.authorization;

import java.util.ArrayList;
import java.util.List;

import io.authbridge.AuthBridge;
import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.error.GatewayError;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.StoreUnavailableException;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * {@code Authorize}: what a route demands of an authenticated caller. Evaluated on every request, whether
 * the token record came from the cache or the store, by {@link AccessRules} (which the explain API asks too).
 * Without a principal the answer is 401; with one that lacks a scope, permission or the project, it is the
 * dialect's "forbidden" (403 Exceptionless, 401 SignalWire and LaML).
 *
 * <pre>
 * filters:
 *   - name: Authorize
 *     args: { scopes: client, permissions: calling, any-permissions: calling,video, project-variable: project }
 * </pre>
 */
public class AuthorizeGatewayFilterFactory extends AbstractGatewayFilterFactory<AuthorizeGatewayFilterFactory.Config> {

    /** Scopes that are all required ({@code client}, {@code user}, {@code global}). */
    public static final String SCOPES_KEY = "scopes";

    /** Permissions that are all required. */
    public static final String PERMISSIONS_KEY = "permissions";

    /** Permissions of which at least one is required. */
    public static final String ANY_PERMISSIONS_KEY = "anyPermissions";

    /** A URI template variable of the route's path that must name the caller's project. */
    public static final String PROJECT_VARIABLE_KEY = "projectVariable";

    private final ErrorResponseWriter errors;

    private final AccessRules rules;

    public AuthorizeGatewayFilterFactory(ErrorResponseWriter errors, AccessRules rules) {
        super(Config.class);
        this.errors = errors;
        this.rules = rules;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of(SCOPES_KEY, PERMISSIONS_KEY, ANY_PERMISSIONS_KEY, PROJECT_VARIABLE_KEY);
    }

    @Override
    public GatewayFilter apply(Config config) {
        String projectVariable = config.getProjectVariable() == null || config.getProjectVariable().isBlank() ? null
                : config.getProjectVariable().trim();
        return new AuthorizeFilter(new RouteRequirements(scopeMask(config.getScopes()),
                permissionMask(config.getPermissions(), PERMISSIONS_KEY),
                permissionMask(config.getAnyPermissions(), ANY_PERMISSIONS_KEY), projectVariable));
    }

    /**
     * The filter of one route: its requirements, decided by {@link AccessRules}. The explain API finds it
     * among a route's filters to read the same requirements.
     */
    public final class AuthorizeFilter implements GatewayFilter {

        private final RouteRequirements requirements;

        AuthorizeFilter(RouteRequirements requirements) {
            this.requirements = requirements;
        }

        public RouteRequirements requirements() {
            return requirements;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            AuthenticatedPrincipal principal = exchange.getAttribute(AuthBridge.PRINCIPAL_ATTRIBUTE);
            String pathProject = AccessRules.pathProject(exchange, requirements);
            Decision now = rules.decideNow(principal, requirements, pathProject);
            if (now != null) {
                return proceed(now, exchange, chain);
            }
            return rules.decide(principal, requirements, pathProject)
                .flatMap(decision -> proceed(decision, exchange, chain))
                .onErrorResume(StoreUnavailableException.class,
                        ex -> errors.write(exchange, GatewayError.SERVICE_UNAVAILABLE));
        }

        private Mono<Void> proceed(Decision decision, ServerWebExchange exchange, GatewayFilterChain chain) {
            if (decision.allowed()) {
                return chain.filter(exchange);
            }
            if (decision.unauthenticated()) {
                return errors.write(exchange, GatewayError.UNAUTHORIZED);
            }
            exchange.getAttributes().put(AuthBridge.OUTCOME_ATTRIBUTE, "forbidden");
            return errors.write(exchange, GatewayError.FORBIDDEN);
        }

        @Override
        public String toString() {
            return filterToStringCreator(AuthorizeGatewayFilterFactory.this).append(SCOPES_KEY, requirements.scopeNames())
                .append(PERMISSIONS_KEY, requirements.permissionNames())
                .append(ANY_PERMISSIONS_KEY, requirements.anyPermissionNames())
                .append(PROJECT_VARIABLE_KEY, requirements.projectVariable())
                .toString();
        }
    }

    static int scopeMask(List<String> names) {
        int mask = 0;
        for (String name : names) {
            Scope scope = Scope.fromWireName(name);
            if (scope == null) {
                throw new IllegalArgumentException("Authorize: unknown scope '" + name + "' (known: client, user, global)");
            }
            mask |= scope.bit();
        }
        return mask;
    }

    static int permissionMask(List<String> names, String argument) {
        int mask = 0;
        for (String name : names) {
            Permission permission = Permission.fromWireName(name.trim());
            if (permission == null) {
                throw new IllegalArgumentException("Authorize: unknown permission '" + name + "' in " + argument
                        + " (known: " + Permission.validNamesSentence() + ")");
            }
            mask |= permission.bit();
        }
        return mask;
    }

    /** Per-route arguments; lists may be given as YAML lists or comma-separated strings. */
    public static class Config {

        private List<String> scopes = new ArrayList<>();

        private List<String> permissions = new ArrayList<>();

        private List<String> anyPermissions = new ArrayList<>();

        private String projectVariable;

        public List<String> getScopes() {
            return scopes;
        }

        public void setScopes(List<String> scopes) {
            this.scopes = split(scopes);
        }

        public List<String> getPermissions() {
            return permissions;
        }

        public void setPermissions(List<String> permissions) {
            this.permissions = split(permissions);
        }

        public List<String> getAnyPermissions() {
            return anyPermissions;
        }

        public void setAnyPermissions(List<String> anyPermissions) {
            this.anyPermissions = split(anyPermissions);
        }

        public String getProjectVariable() {
            return projectVariable;
        }

        public void setProjectVariable(String projectVariable) {
            this.projectVariable = projectVariable;
        }

        private static List<String> split(List<String> values) {
            List<String> names = new ArrayList<>();
            if (values != null) {
                for (String value : values) {
                    for (String part : value.split(",")) {
                        if (!part.isBlank()) {
                            names.add(part.trim());
                        }
                    }
                }
            }
            return names;
        }
    }
}
