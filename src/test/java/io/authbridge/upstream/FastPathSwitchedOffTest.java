package io.authbridge.upstream;

import java.util.List;

import io.authbridge.e2e.GatewayTestSupport;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.server.adapter.HttpWebHandlerAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code authbridge.fast-path.enabled=false} puts the gateway's own parts back, all of them at once (the
 * end-to-end suites {@code *OnGatewayWayTest} run through them, in the same application context as this;
 * {@link FastPathTest} checks the other position, the default).
 */
@TestPropertySource(properties = "authbridge.fast-path.enabled=false")
class FastPathSwitchedOffTest extends GatewayTestSupport {

    @Autowired
    private NettyRoutingFilter routing;

    @Autowired
    private RoutePredicateHandlerMapping lookup;

    @Autowired
    private HttpHandler server;

    @Autowired
    private ObservationRegistry observations;

    @Autowired
    private List<RouteToRequestUrlFilter> requestUrl;

    @Test
    void theGatewaysOwnRoutingFilterUrlFilterAndRouteLookupServe() {
        assertThat(routing.getClass()).isEqualTo(NettyRoutingFilter.class);
        assertThat(lookup.getClass()).isEqualTo(RoutePredicateHandlerMapping.class);
        assertThat(requestUrl).singleElement().extracting(Object::getClass).isEqualTo(RouteToRequestUrlFilter.class);
        assertThat(routing.getHeadersFilters()).noneMatch(ProxyHeadersFilter.class::isInstance)
            .anyMatch(UpstreamAuthorizationHeadersFilter.class::isInstance);
        assertThat(((HttpWebHandlerAdapter) server).getObservationRegistry()).isSameAs(observations);
        assertThat(ServerWebFilters.of(server)).noneMatch(ChainedWebFilters.class::isInstance)
            .filteredOn(ServerWebFilters::isOwn).hasSizeGreaterThan(1);
    }
}
