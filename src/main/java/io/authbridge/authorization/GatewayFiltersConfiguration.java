package io.authbridge.authorization;

import io.authbridge.assertion.IdentityAssertions;
import io.authbridge.authentication.ProjectAccess;
import io.authbridge.error.ErrorResponseWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** AuthBridge's route filters. */
@Configuration(proxyBeanMethods = false)
class GatewayFiltersConfiguration {

    @Bean
    AccessRules accessRules(ProjectAccess projectAccess) {
        return new AccessRules(projectAccess);
    }

    @Bean
    AuthorizeGatewayFilterFactory authorizeGatewayFilterFactory(ErrorResponseWriter errors, AccessRules rules) {
        return new AuthorizeGatewayFilterFactory(errors, rules);
    }

    @Bean
    UpstreamAuthGatewayFilterFactory upstreamAuthGatewayFilterFactory(ErrorResponseWriter errors,
            IdentityAssertions assertions) {
        return new UpstreamAuthGatewayFilterFactory(errors, assertions);
    }

}
