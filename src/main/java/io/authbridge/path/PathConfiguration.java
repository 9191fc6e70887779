package io.authbridge.path;

import io.authbridge.error.ErrorResponseWriter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The canonical-path filter in front of every handler; no client header that would mislead the upstream about it. */
@Configuration(proxyBeanMethods = false)
class PathConfiguration {

    @Bean
    CanonicalPathWebFilter canonicalPathWebFilter(ErrorResponseWriter errors) {
        return new CanonicalPathWebFilter(errors);
    }

    @Bean
    MisleadingHeaders misleadingHeaders(@Value("${authbridge.trusted-proxies:}") String trustedProxies) {
        return new MisleadingHeaders(trustedProxies);
    }
}
