package io.authbridge.management.exceptionless;

import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.management.ManagementHandlers;
import io.authbridge.management.access.Operation;
import io.authbridge.management.apikey.ApiKeyService;
import io.authbridge.management.audit.AuditLog;
import io.authbridge.management.directory.DirectoryService;
import io.authbridge.management.directory.UserService;
import io.authbridge.management.explain.ExplainService;
import io.authbridge.management.session.SessionService;
import io.authbridge.management.tokenimport.TokenImportService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.DELETE;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.PATCH;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RequestPredicates.PUT;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The Exceptionless management API, served by the gateway before any route. Ids in paths must be UUIDs
 * (tokens: 24-50 token characters), so that paths it does not serve, such as
 * {@code /api/v2/projects/config}, still reach the routes configured for them.
 */
@Configuration(proxyBeanMethods = false)
class ExceptionlessManagementRoutes {

    static final String UUID = "{%s:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}";

    static final String TOKEN = "{id:[A-Za-z0-9-]{24,50}}";

    static final String TOKENS = "{ids:[A-Za-z0-9-]{24,50}(?:,[A-Za-z0-9-]{24,50})*}";

    /** The path prefixes this API serves under {@code /api/v2}; everything else there belongs to routes. */
    static final String[] PREFIXES = { "/api/v2/auth/", "/api/v2/organizations", "/api/v2/projects", "/api/v2/tokens/",
            "/api/v2/users", "/api/v2/admin/" };

    static boolean mayBeManagement(ServerRequest request) {
        String path = request.path();
        if (!path.startsWith("/api/v2/")) {
            return false;
        }
        for (String prefix : PREFIXES) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Bean
    RouterFunction<ServerResponse> exceptionlessManagement(ManagementHandlers handlers, SessionService sessions,
            DirectoryService directory, UserService users, ApiKeyService apiKeys, AuditLog audit, ExplainService explain,
            TokenImportService importer, ErrorResponseWriter errors) {
        var session = new ExceptionlessSessionHandler(sessions);
        var organizations = new ExceptionlessDirectoryHandler(directory);
        var people = new ExceptionlessUserHandler(users, audit);
        var keys = new ExceptionlessApiKeyHandler(apiKeys);
        var routes = new ExceptionlessExplainHandler(explain);
        var imports = new ExceptionlessTokenImportHandler(importer);
        String project = "/api/v2/projects/" + UUID.formatted("id");
        // cheap prefix tests before the per-route patterns: routed traffic (/api/v2/events, ...) skips them
        return RouterFunctions.nest(ExceptionlessManagementRoutes::mayBeManagement,
                route(POST("/api/v2/auth/login"), handlers.anonymous(session::login))
                    .andRoute(GET("/api/v2/auth/logout"), handlers.caller(session::logout))
                    .andRoute(GET("/api/v2/organizations"), handlers.caller(organizations::listOrganizations))
                    .andRoute(POST("/api/v2/organizations"), handlers.callerAndBody(Operation.CREATE_ORGANIZATION, organizations::createOrganization))
                    .andRoute(POST("/api/v2/organizations/" + UUID.formatted("id") + "/users/" + UUID.formatted("userId")),
                            handlers.caller(organizations::addMember))
                    .andRoute(GET("/api/v2/projects"), handlers.caller(organizations::listProjects))
                    .andRoute(POST("/api/v2/projects"), handlers.callerAndBody(Operation.CREATE_PROJECT, organizations::createProject))
                    .andRoute(GET(project), handlers.caller(organizations::getProject))
                    .andRoute(GET(project + "/tokens"), handlers.caller(keys::list))
                    .andRoute(POST(project + "/tokens"), handlers.callerAndOptionalBody(Operation.CREATE_API_KEY, keys::mayCreate, keys::create))
                    .andRoute(PATCH("/api/v2/tokens/" + TOKEN).or(PUT("/api/v2/tokens/" + TOKEN)),
                            handlers.callerAndBody(Operation.UPDATE_API_KEY, keys::mayUpdate, keys::update))
                    .andRoute(DELETE("/api/v2/tokens/" + TOKENS), handlers.caller(keys::delete))
                    .andRoute(GET("/api/v2/users"), handlers.caller(people::listUsers))
                    .andRoute(GET("/api/v2/users/me"), handlers.caller(people::currentUser))
                    .andRoute(POST("/api/v2/users"), handlers.callerAndBody(Operation.CREATE_USER, people::createUser))
                    .andRoute(GET("/api/v2/admin/audit-log"), handlers.caller(people::auditLog))
                    .andRoute(GET("/api/v2/admin/routes"), handlers.caller(routes::routes))
                    .andRoute(POST("/api/v2/admin/explain"), handlers.callerAndBody(Operation.EXPLAIN, routes::explain))
                    .andRoute(POST("/api/v2/admin/tokens/import"), handlers.caller(imports::importTokens))
                    .filter(new ExceptionlessErrors(errors)));
    }
}
