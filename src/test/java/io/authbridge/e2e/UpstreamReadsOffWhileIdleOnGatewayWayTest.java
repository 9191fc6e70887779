package io.authbridge.e2e;

import org.springframework.test.context.TestPropertySource;

/** {@link UpstreamReadsOffWhileIdleTest} on the gateway's way: the same guard on Spring Cloud Gateway's routing filter. */
@TestPropertySource(properties = "authbridge.fast-path.enabled=false")
class UpstreamReadsOffWhileIdleOnGatewayWayTest extends UpstreamReadsOffWhileIdleTest {
}
