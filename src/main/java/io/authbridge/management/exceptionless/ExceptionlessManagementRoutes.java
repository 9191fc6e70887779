package io.authbridge.management.exceptionless;

import io.authbridge.error.ErrorDialect;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.management.JsonBodies;
import io.authbridge.management.ManagementAuthentication;
import io.authbridge.management.ManagementErrors;
import io.authbridge.management.ManagementService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
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

    static boolean mayBeManagement(org.springframework.web.reactive.function.server.ServerRequest request) {
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
    RouterFunction<ServerResponse> exceptionlessManagement(ManagementService service,
            ManagementAuthentication authentication, JsonBodies bodies, ErrorResponseWriter errors) {
        var auth = new ExceptionlessAuthHandler(service, authentication, bodies);
        var directory = new ExceptionlessDirectoryHandler(service, authentication, bodies);
        var tokens = new ExceptionlessTokenHandler(service, authentication, bodies);
        String project = "/api/v2/projects/" + UUID.formatted("id");
        // cheap prefix tests before the per-route patterns: routed traffic (/api/v2/events, ...) skips them
        return RouterFunctions.nest(ExceptionlessManagementRoutes::mayBeManagement, route(POST("/api/v2/auth/login"), auth::login)
            .andRoute(GET("/api/v2/auth/logout"), auth::logout)
            .andRoute(GET("/api/v2/organizations"), directory::listOrganizations)
            .andRoute(POST("/api/v2/organizations"), directory::createOrganization)
            .andRoute(POST("/api/v2/organizations/" + UUID.formatted("id") + "/users/" + UUID.formatted("userId")),
                    directory::addMember)
            .andRoute(GET("/api/v2/projects"), directory::listProjects)
            .andRoute(POST("/api/v2/projects"), directory::createProject)
            .andRoute(GET(project), directory::getProject)
            .andRoute(GET(project + "/tokens"), tokens::list)
            .andRoute(POST(project + "/tokens"), tokens::create)
            .andRoute(PATCH("/api/v2/tokens/" + TOKEN).or(PUT("/api/v2/tokens/" + TOKEN)), tokens::update)
            .andRoute(DELETE("/api/v2/tokens/" + TOKENS), tokens::delete)
            .andRoute(GET("/api/v2/users"), directory::listUsers)
            .andRoute(POST("/api/v2/users"), directory::createUser)
            .andRoute(GET("/api/v2/admin/audit-log"), directory::auditLog)
            .filter(new ManagementErrors(errors, ErrorDialect.EXCEPTIONLESS)));
    }
}
