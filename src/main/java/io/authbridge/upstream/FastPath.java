package io.authbridge.upstream;

/**
 * What the fast path's replacements of Spring Cloud Gateway parts were written against. Each replacement
 * repeats what the gateway's part does (its guards, attributes and timeouts, see {@link UpstreamRoutingFilter},
 * {@link ProxyHeadersFilter}, {@link UpstreamUrlFilter}, {@link UpstreamResponseWriter},
 * {@link RouteSnapshotHandlerMapping}); a new gateway version may change those, so a test compares this with the
 * version on the class path and fails until someone has compared the gateway's {@code NettyRoutingFilter},
 * {@code HttpHeadersFilter}s, {@code RouteToRequestUrlFilter}, {@code NettyWriteResponseFilter} and
 * {@code RoutePredicateHandlerMapping} of the new version with these classes and updated it.
 */
final class FastPath {

    /** The Spring Cloud Gateway (server WebFlux) version the replacements were last checked against. */
    static final String CHECKED_AGAINST = "5.0.3";

    /**
     * The Spring Framework (spring-web) version whose {@code DefaultWebFilterChain} {@link ChainedWebFilters} was
     * compared with (each filter deferred until its turn, nothing else but a checkpoint), and whose
     * {@code UriComponentsBuilder} {@link UpstreamUrlFilter} was (which paths and queries it gives back as they are).
     */
    static final String WEB_FILTER_CHAIN_CHECKED_AGAINST = "7.0.8";

    private FastPath() {
    }
}
