package io.authbridge.authorization;

import io.authbridge.authentication.ProjectAccess;
import io.authbridge.error.ErrorResponseWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** AuthBridge's route filters. */
@Configuration(proxyBeanMethods = false)
class GatewayFiltersConfiguration {

    @Bean
    AuthorizeGatewayFilterFactory authorizeGatewayFilterFactory(ErrorResponseWriter errors, ProjectAccess projectAccess) {
        return new AuthorizeGatewayFilterFactory(errors, projectAccess);
    }

    @Bean
    UpstreamAuthGatewayFilterFactory upstreamAuthGatewayFilterFactory(ErrorResponseWriter errors) {
        return new UpstreamAuthGatewayFilterFactory(errors);
    }

}
