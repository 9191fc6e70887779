package io.authbridge.accesslog;

import io.authbridge.credential.CredentialParser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The access log and request counter, writing to standard output in batches or to the logger (see {@link AccessLogProperties}). */
@Configuration(proxyBeanMethods = false)
class AccessLogConfiguration {

    @Bean
    AccessLogWebFilter accessLogWebFilter(CredentialParser parser, MeterRegistry registry, AccessLogProperties properties) {
        AccessLogWriter writer = null;
        if (properties.target() == AccessLogProperties.Target.STDOUT) {
            Counter dropped = Counter.builder("authbridge.access.dropped")
                .description("Access-log lines dropped because the queue was full or standard output failed")
                .register(registry);
            writer = new AccessLogWriter(properties.flushInterval(), properties.queueCapacity(), () -> System.out, dropped);
        }
        return new AccessLogWebFilter(parser.queryCredentials(), registry, writer);
    }
}
