package io.authbridge.accesslog;

import io.authbridge.credential.CredentialParser;
import io.authbridge.tracing.TracingSwitch;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/** The access log and request counter, writing to standard output in batches or to the logger (see {@link AccessLogProperties}). */
@Configuration(proxyBeanMethods = false)
class AccessLogConfiguration {

    @Bean
    AccessLogWebFilter accessLogWebFilter(CredentialParser parser, MeterRegistry registry, AccessLogProperties properties,
            Environment environment) {
        AccessLogWriter writer = null;
        // structured (JSON) logging needs the logger's encoder: the batched writer writes plain lines only
        boolean structured = StringUtils.hasText(environment.getProperty("logging.structured.format.console"));
        if (properties.target() == AccessLogProperties.Target.STDOUT && !structured) {
            Counter dropped = Counter.builder("authbridge.access.dropped")
                .description("Access-log lines dropped because the queue was full or standard output failed")
                .register(registry);
            writer = new AccessLogWriter(properties.flushInterval(), properties.queueCapacity(), () -> System.out, dropped);
        }
        return new AccessLogWebFilter(parser.queryCredentials(), registry, writer, TracingSwitch.enabled(environment));
    }
}
