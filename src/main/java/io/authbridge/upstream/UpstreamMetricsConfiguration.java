package io.authbridge.upstream;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The upstream timer ({@link UpstreamTimingFilter}). */
@Configuration(proxyBeanMethods = false)
class UpstreamMetricsConfiguration {

    @Bean
    UpstreamTimingFilter upstreamTimingFilter(MeterRegistry registry) {
        return new UpstreamTimingFilter(registry);
    }
}
