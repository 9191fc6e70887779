package io.authbridge.management.signalwire;

import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.management.ManagementHandlers;
import io.authbridge.management.access.Operation;
import io.authbridge.management.projecttree.ProjectTreeService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.DELETE;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.PATCH;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The SignalWire management API ({@code /api/project/tokens}, {@code /api/projects}), served by the gateway
 * before any route. The caller authenticates with {@code Basic project_id:token} holding {@code management}.
 */
@Configuration(proxyBeanMethods = false)
class SignalWireManagementRoutes {

    static final String UUID = "{id:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}";

    @Bean
    RouterFunction<ServerResponse> signalWireManagement(ManagementHandlers management, ProjectTreeService tree,
            ErrorResponseWriter errors) {
        ManagementHandlers handlers = management.basicProjectCredentialOnly();
        var tokens = new SignalWireTokenHandler(tree);
        var projects = new SignalWireProjectHandler(tree);
        // one cheap prefix test before the per-route patterns: most routed traffic is not management
        return RouterFunctions.nest(request -> request.path().startsWith("/api/project"),
                route(POST("/api/project/tokens"), handlers.callerAndBody(Operation.CREATE_PROJECT_TOKEN, tokens::create))
                    .andRoute(GET("/api/project/tokens"), handlers.caller(tokens::list))
                    .andRoute(PATCH("/api/project/tokens/" + UUID), handlers.callerAndBody(Operation.UPDATE_PROJECT_TOKEN, tokens::mayUpdate, tokens::update))
                    .andRoute(DELETE("/api/project/tokens/" + UUID), handlers.caller(tokens::delete))
                    .andRoute(POST("/api/projects"), handlers.callerAndBody(Operation.CREATE_SUBPROJECT, projects::mayCreate, projects::create))
                    .andRoute(GET("/api/projects"), handlers.caller(projects::list))
                    .andRoute(GET("/api/projects/" + UUID), handlers.caller(projects::get))
                    .filter(new SignalWireErrors(errors)));
    }
}
