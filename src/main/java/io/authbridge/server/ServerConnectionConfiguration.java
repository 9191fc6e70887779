package io.authbridge.server;

import io.authbridge.error.ErrorResponseWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The request-headers deadline on every connection of the gateway's port ({@link RequestHeadersTimeout}), the
 * check of every request's head ({@link RequestHeadCheck}, {@link RefusedRequestHeadWebFilter}, and its HTTP
 * version: {@link UnsupportedVersionWebFilter}) and the request-body deadline of every
 * request ({@link RequestBodyTimeoutWebFilter}).
 */
@Configuration(proxyBeanMethods = false)
class ServerConnectionConfiguration {

    @Bean
    NettyServerCustomizer requestHeadersTimeout(ServerConnectionProperties properties, MeterRegistry meters) {
        long nanos = properties.requestHeadersTimeout().toNanos();
        Counter timeouts = Counter.builder("authbridge.server.request.headers.timeouts")
            .description("Connections closed because their request headers were not complete in time")
            .register(meters);
        RequestHeadCheck headCheck = new RequestHeadCheck(properties.allowTrace());
        return server -> server
            .doOnChannelInit((observer, channel, remoteAddress) -> {
                RequestHeadersTimeout.install(channel, nanos, timeouts);
                headCheck.install(channel);
            });
    }

    /** The method rule the head check applies, for the explain API. */
    @Bean
    MethodRule methodRule(ServerConnectionProperties properties) {
        return new MethodRule(properties.allowTrace());
    }

    @Bean
    RefusedRequestHeadWebFilter refusedRequestHeadWebFilter(ErrorResponseWriter errors,
            ObjectProvider<RoutePredicateHandlerMapping> routes) {
        return new RefusedRequestHeadWebFilter(errors, routes);
    }

    @Bean
    UnsupportedVersionWebFilter unsupportedVersionWebFilter(ErrorResponseWriter errors) {
        return new UnsupportedVersionWebFilter(errors);
    }

    @Bean
    RequestBodyTimeoutWebFilter requestBodyTimeout(ServerConnectionProperties properties, MeterRegistry meters) {
        Counter timeouts = Counter.builder("authbridge.server.request.body.timeouts")
            .description("Requests answered 408 or cut off because their body was not complete in time")
            .register(meters);
        return new RequestBodyTimeoutWebFilter(properties.requestBodyTimeout(), timeouts);
    }
}
