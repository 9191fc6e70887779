package io.authbridge.management.signalwire;

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
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The SignalWire management API ({@code /api/project/tokens}, {@code /api/projects}), served by the gateway
 * before any route. The caller authenticates with {@code Basic project_id:token} holding {@code management}.
 */
@Configuration(proxyBeanMethods = false)
class SignalWireManagementRoutes {

    static final String UUID = "{id:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}";

    @Bean
    RouterFunction<ServerResponse> signalWireManagement(ManagementService service,
            ManagementAuthentication authentication, JsonBodies bodies, ErrorResponseWriter errors) {
        var tokens = new SignalWireTokenHandler(service, authentication, bodies);
        var projects = new SignalWireProjectHandler(service, authentication, bodies);
        // one cheap prefix test before the per-route patterns: most routed traffic is not management
        return RouterFunctions.nest(request -> request.path().startsWith("/api/project"), route(POST("/api/project/tokens"), tokens::create)
            .andRoute(GET("/api/project/tokens"), tokens::list)
            .andRoute(PATCH("/api/project/tokens/" + UUID), tokens::update)
            .andRoute(DELETE("/api/project/tokens/" + UUID), tokens::delete)
            .andRoute(POST("/api/projects"), projects::create)
            .andRoute(GET("/api/projects"), projects::list)
            .andRoute(GET("/api/projects/" + UUID), projects::get)
            .filter(new ManagementErrors(errors, ErrorDialect.SIGNALWIRE)));
    }
}
