package io.authbridge.authorization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.authbridge.AuthBridge;
import io.authbridge.Uuids;
import io.authbridge.authentication.AuthenticatedPrincipal;
import io.authbridge.authentication.ProjectAccess;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.error.GatewayError;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.StoreUnavailableException;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * {@code Authorize}: what a route demands of an authenticated caller. Evaluated on every request, whether
 * the token record came from the cache or the store. Without a principal the answer is 401; with one that
 * lacks a scope, permission or the project, it is the dialect's "forbidden" (403 Exceptionless, 401
 * SignalWire and LaML).
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

    private final ProjectAccess projectAccess;

    public AuthorizeGatewayFilterFactory(ErrorResponseWriter errors, ProjectAccess projectAccess) {
        super(Config.class);
        this.errors = errors;
        this.projectAccess = projectAccess;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of(SCOPES_KEY, PERMISSIONS_KEY, ANY_PERMISSIONS_KEY, PROJECT_VARIABLE_KEY);
    }

    @Override
    public GatewayFilter apply(Config config) {
        int scopes = scopeMask(config.getScopes());
        int permissions = permissionMask(config.getPermissions(), PERMISSIONS_KEY);
        int anyPermissions = permissionMask(config.getAnyPermissions(), ANY_PERMISSIONS_KEY);
        String projectVariable = config.getProjectVariable() == null || config.getProjectVariable().isBlank() ? null
                : config.getProjectVariable().trim();
        return new GatewayFilter() {
            @Override
            public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
                AuthenticatedPrincipal principal = exchange.getAttribute(AuthBridge.PRINCIPAL_ATTRIBUTE);
                if (principal == null) {
                    return errors.write(exchange, GatewayError.UNAUTHORIZED);
                }
                if (!principal.hasAllScopes(scopes) || !principal.hasAllPermissions(permissions)
                        || (anyPermissions != 0 && !principal.hasAnyPermission(anyPermissions))) {
                    return forbidden(exchange);
                }
                if (projectVariable == null) {
                    return chain.filter(exchange);
                }
                Map<String, String> variables = ServerWebExchangeUtils.getUriTemplateVariables(exchange);
                java.util.UUID projectId = Uuids.parse(variables.get(projectVariable));
                if (projectId == null) {
                    return forbidden(exchange);
                }
                return projectAccess.mayAct(principal, projectId)
                    .flatMap(allowed -> allowed ? chain.filter(exchange) : forbidden(exchange))
                    .onErrorResume(StoreUnavailableException.class,
                            ex -> errors.write(exchange, GatewayError.SERVICE_UNAVAILABLE));
            }

            @Override
            public String toString() {
                return filterToStringCreator(AuthorizeGatewayFilterFactory.this).append(SCOPES_KEY, Scope.names(scopes))
                    .append(PERMISSIONS_KEY, Permission.names(permissions))
                    .append(ANY_PERMISSIONS_KEY, Permission.names(anyPermissions))
                    .append(PROJECT_VARIABLE_KEY, projectVariable)
                    .toString();
            }
        };
    }

    private Mono<Void> forbidden(ServerWebExchange exchange) {
        exchange.getAttributes().put(AuthBridge.OUTCOME_ATTRIBUTE, "forbidden");
        return errors.write(exchange, GatewayError.FORBIDDEN);
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
