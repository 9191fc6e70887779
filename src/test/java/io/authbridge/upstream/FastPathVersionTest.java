package io.authbridge.upstream;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.web.server.handler.DefaultWebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class FastPathVersionTest {

    @Test
    void theReplacementsWereCheckedAgainstTheSpringCloudGatewayOnTheClassPath() {
        String onClassPath = NettyRoutingFilter.class.getPackage().getImplementationVersion();
        assertThat(onClassPath)
            .as("Spring Cloud Gateway changed: compare its NettyRoutingFilter, HttpHeadersFilters, "
                    + "RouteToRequestUrlFilter, NettyWriteResponseFilter and RoutePredicateHandlerMapping with io.authbridge.upstream's replacements (their guards, exchange "
                    + "attributes, timeouts), mend the replacements, then update FastPath.CHECKED_AGAINST")
            .isEqualTo(FastPath.CHECKED_AGAINST);
    }

    @Test
    void theChainedWebFiltersWereCheckedAgainstTheSpringFrameworkOnTheClassPath() {
        String onClassPath = DefaultWebFilterChain.class.getPackage().getImplementationVersion();
        assertThat(onClassPath)
            .as("Spring Framework changed: compare its DefaultWebFilterChain with io.authbridge.upstream.ChainedWebFilters "
                    + "(when each filter runs, what wraps it) and its UriComponentsBuilder with UpstreamUrlFilter (run "
                    + "UpstreamUrlFilterTest), mend them, then update FastPath.WEB_FILTER_CHAIN_CHECKED_AGAINST")
            .isEqualTo(FastPath.WEB_FILTER_CHAIN_CHECKED_AGAINST);
    }
}
