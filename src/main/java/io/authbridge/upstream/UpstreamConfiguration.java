package io.authbridge.upstream;

import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationProperties;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.server.reactive.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.reactive.observation.ServerRequestObservationConvention;
import org.springframework.web.reactive.accept.ApiVersionStrategy;
import reactor.netty.http.client.HttpClient;

/**
 * The upstream connections' rule and deadlines, applied to the one HTTP client every route shares, whichever
 * routing filter uses it. Every HTTP/1.1 connection has its exchanges followed ({@link Http1Exchanges}): an upstream
 * that sends anything while no request is outstanding has its connection closed, never reused, and interim
 * {@code 1xx} responses other than {@code 100} and {@code 101} are dropped; this is no speed-up but a security
 * invariant, so it holds with the fast path off too. Spring Cloud Gateway's own
 * {@code httpclient.connect-timeout} and {@code response-timeout} properties cost every request: the first
 * derives a new client configuration per request, the second schedules a timer on another thread per
 * request. Here the connect timeout is a channel option set once, and the response timeout a deadline kept on
 * the connection's own event loop ({@link ResponseDeadline}, following the same exchanges; with the fast path off,
 * Reactor Netty's read timeout, which adds and removes a handler per request).
 * <p>
 * The routing filters: the gateway's own are switched off in application.yml
 * ({@code global-filter.netty-routing.enabled: false}, which also removes the response writer, and
 * {@code route-to-request-url}) and declared here, the routing one copying the headers once in each direction
 * ({@link UpstreamRoutingFilter}, {@link ProxyHeadersFilter}), the request URL built by concatenation where the
 * gateway's builder would give the same ({@link UpstreamUrlFilter}); the route lookup is a loop over the routes of the last refresh
 * ({@link RouteSnapshotHandlerMapping}). With {@code authbridge.fast-path.enabled=false}
 * ({@link FastPathProperties}) the gateway's own routing filter, URL filter and route lookup are declared instead.
 * Either way, AuthBridge's upstream credential and query are values on the exchange, written by
 * {@link UpstreamAuthorizationHeadersFilter} and {@link ForwardedQueryFilter} (or the one pass itself).
 */
@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

    @Bean
    HttpClientCustomizer upstreamConnections(UpstreamProperties properties, FastPathProperties fastPath,
            UpstreamDesyncs desyncs) {
        return client -> {
            HttpClient guarded = Http1Exchanges.on(client
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.connectTimeout().toMillis()), desyncs);
            return fastPath.enabled() ? ResponseDeadline.on(guarded, properties.responseTimeout())
                    : guarded.responseTimeout(properties.responseTimeout());
        };
    }

    @Bean
    NettyRoutingFilter upstreamRoutingFilter(HttpClient httpClient,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters, HttpClientProperties properties,
            FastPathProperties fastPath) {
        return fastPath.enabled() ? new UpstreamRoutingFilter(httpClient, headersFilters, properties)
                : new NettyRoutingFilter(httpClient, headersFilters, properties);
    }

    /** The request URL of the route (see {@link UpstreamUrlFilter}); the gateway's own is switched off in application.yml. */
    @Bean
    RouteToRequestUrlFilter upstreamUrlFilter(FastPathProperties fastPath) {
        return fastPath.enabled() ? new UpstreamUrlFilter() : new RouteToRequestUrlFilter();
    }

    /** The gateway's route lookup, in a loop over the routes of the last refresh (see the class). */
    @Bean
    RoutePredicateHandlerMapping routePredicateHandlerMapping(FilteringWebHandler webHandler, RouteLocator routeLocator,
            GlobalCorsProperties globalCorsProperties, Environment environment,
            ObjectProvider<ApiVersionStrategy> apiVersionStrategy, FastPathProperties fastPath) {
        RoutePredicateHandlerMapping mapping = fastPath.enabled()
                ? new RouteSnapshotHandlerMapping(webHandler, routeLocator, globalCorsProperties, environment)
                : new RoutePredicateHandlerMapping(webHandler, routeLocator, globalCorsProperties, environment);
        apiVersionStrategy.ifAvailable(mapping::setApiVersionStrategy);
        return mapping;
    }

    /** AuthBridge's consecutive web filters as one filter of the server's chain (see {@link ChainedWebFilters}). */
    @Bean
    WebHttpHandlerBuilderCustomizer chainedWebFilters(FastPathProperties fastPath) {
        return builder -> {
            if (fastPath.enabled()) {
                builder.filters(ChainedWebFilters::chain);
            }
        };
    }

    /** Spring's server observation left out when Spring Boot's properties turn it off (see {@link ServerObservation}). */
    @Bean
    WebHttpHandlerBuilderCustomizer serverObservation(FastPathProperties fastPath,
            ObjectProvider<ObservationProperties> properties, ObjectProvider<ServerRequestObservationConvention> convention) {
        return builder -> {
            ObservationProperties observations = properties.getIfAvailable();
            if (fastPath.enabled() && observations != null) {
                String name = convention.getIfUnique(
                        () -> new DefaultServerRequestObservationConvention(observations.getHttp().getServer().getRequests().getName()))
                    .getName();
                if (ServerObservation.turnedOff(observations, name)) {
                    builder.observationRegistry(ObservationRegistry.NOOP);
                }
            }
        };
    }

    @Bean
    UpstreamAuthorizationHeadersFilter upstreamAuthorizationHeadersFilter() {
        return new UpstreamAuthorizationHeadersFilter();
    }

    @Bean
    ForwardedQueryFilter forwardedQueryFilter(FastPathProperties fastPath) {
        return new ForwardedQueryFilter(fastPath.enabled());
    }

    @Bean
    NettyWriteResponseFilter upstreamResponseWriter(GatewayProperties properties,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters, FastPathProperties fastPath) {
        return fastPath.enabled() ? new UpstreamResponseWriter(properties.getStreamingMediaTypes(), headersFilters)
                : new NettyWriteResponseFilter(properties.getStreamingMediaTypes(), headersFilters);
    }
}
