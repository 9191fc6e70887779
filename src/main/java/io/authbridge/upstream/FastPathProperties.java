package io.authbridge.upstream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The one switch over every part of Spring Cloud Gateway that AuthBridge replaces for speed: the routing
 * filter that copies the headers once in each direction ({@link UpstreamRoutingFilter} with
 * {@link ProxyHeadersFilter}, and the header filters that write straight into Netty's headers,
 * {@link NettyRequestHeadersFilter}), the request URL ({@link UpstreamUrlFilter}), the response writer
 * ({@link UpstreamResponseWriter}), the route lookup over the routes of the last refresh
 * ({@link RouteSnapshotHandlerMapping}), Spring's web filter chain over AuthBridge's own consecutive web
 * filters ({@link ChainedWebFilters}), Spring's server observation when the settings turn it off
 * ({@link ServerObservation}). Off, the gateway's own parts run, with AuthBridge's decisions
 * (upstream credential, query without its credential, identity headers) applied through its ordinary
 * header filters: the same requests reach the upstream, more slowly. The replacements were checked against
 * the Spring Cloud Gateway and Spring Framework versions in {@link FastPath}.
 *
 * @param enabled whether AuthBridge's replacements run (true) or Spring Cloud Gateway's own parts (false)
 */
@ConfigurationProperties("authbridge.fast-path")
record FastPathProperties(@DefaultValue("true") boolean enabled) {
}
