package io.authbridge.upstream;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The upstream timer ({@link UpstreamTimingFilter}) and the count of connections closed for a desync ({@link UpstreamDesyncs}). */
@Configuration(proxyBeanMethods = false)
class UpstreamMetricsConfiguration {

    @Bean
    UpstreamTimingFilter upstreamTimingFilter(MeterRegistry registry) {
        return new UpstreamTimingFilter(registry);
    }

    @Bean
    UpstreamDesyncs upstreamDesyncs(MeterRegistry registry) {
        return new UpstreamDesyncs(registry);
    }
}
