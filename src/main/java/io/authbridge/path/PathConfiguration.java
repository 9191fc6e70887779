package io.authbridge.path;

import io.authbridge.error.ErrorResponseWriter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The canonical-path filter in front of every handler; no client header that would mislead the upstream about it. */
@Configuration(proxyBeanMethods = false)
class PathConfiguration {

    @Bean
    CanonicalPathWebFilter canonicalPathWebFilter(ErrorResponseWriter errors,
            ObjectProvider<RoutePredicateHandlerMapping> routes) {
        return new CanonicalPathWebFilter(errors, routes);
    }

    @Bean
    MisleadingHeaders misleadingHeaders(@Value("${authbridge.trusted-proxies:}") String trustedProxies) {
        return new MisleadingHeaders(trustedProxies);
    }
}
