package io.authbridge.upstream;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;

import static org.assertj.core.api.Assertions.assertThat;

class FastPathVersionTest {

    @Test
    void theReplacementsWereCheckedAgainstTheSpringCloudGatewayOnTheClassPath() {
        String onClassPath = NettyRoutingFilter.class.getPackage().getImplementationVersion();
        assertThat(onClassPath)
            .as("Spring Cloud Gateway changed: compare its NettyRoutingFilter, HttpHeadersFilters and "
                    + "RoutePredicateHandlerMapping with io.authbridge.upstream's replacements (their guards, exchange "
                    + "attributes, timeouts), mend the replacements, then update FastPath.CHECKED_AGAINST")
            .isEqualTo(FastPath.CHECKED_AGAINST);
    }
}
