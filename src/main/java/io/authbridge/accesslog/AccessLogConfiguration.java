package io.authbridge.accesslog;

import io.authbridge.credential.CredentialParser;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AccessLogConfiguration {

    @Bean
    AccessLogWebFilter accessLogWebFilter(CredentialParser parser, MeterRegistry registry) {
        return new AccessLogWebFilter(parser.queryCredentials(), registry);
    }
}
