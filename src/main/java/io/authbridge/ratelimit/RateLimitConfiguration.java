package io.authbridge.ratelimit;

import com.github.benmanes.caffeine.cache.Ticker;
import io.authbridge.error.ErrorResponseWriter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code RateLimit} filter and where it counts: locally, or in Redis when a Redis URL is configured. */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

    @Bean
    RateLimiter rateLimiter(RateLimitProperties properties, MeterRegistry meters) {
        LocalRateLimiter local = new LocalRateLimiter(properties.localMaximumKeys(), Ticker.systemTicker());
        return properties.shared() ? new RedisRateLimiter(properties, local, meters) : local;
    }

    @Bean
    RateLimitGatewayFilterFactory rateLimitGatewayFilterFactory(RateLimiter limiter, ErrorResponseWriter errors,
            MeterRegistry meters) {
        return new RateLimitGatewayFilterFactory(limiter, errors, meters);
    }
}
