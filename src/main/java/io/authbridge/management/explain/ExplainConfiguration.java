package io.authbridge.management.explain;

import io.authbridge.authentication.Authenticator;
import io.authbridge.authentication.ProjectAccess;
import io.authbridge.authorization.AccessRules;
import io.authbridge.error.ErrorResponseWriter;
import io.authbridge.server.MethodRule;
import io.authbridge.token.TokenService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.DispatcherHandler;

@Configuration(proxyBeanMethods = false)
class ExplainConfiguration {

    /** The dispatcher is resolved at the first request: it collects the router that serves this API itself. */
    @Bean
    ExplainService explainService(TokenService tokens, Authenticator authenticator, ProjectAccess projectAccess,
            RouteLocator routes, RouteDefinitionLocator definitions, ObjectProvider<DispatcherHandler> dispatcher,
            AccessRules rules, ErrorResponseWriter errors, MethodRule methods) {
        return new ExplainService(tokens, authenticator, projectAccess, routes, definitions, new RouteLookup(dispatcher),
                rules, errors, methods);
    }
}
