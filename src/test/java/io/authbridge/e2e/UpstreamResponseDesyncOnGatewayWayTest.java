package io.authbridge.e2e;

import org.springframework.test.context.TestPropertySource;

/** {@link UpstreamResponseDesyncTest} on the gateway's way: Spring Cloud Gateway's routing filter, the same answers. */
@TestPropertySource(properties = "authbridge.fast-path.enabled=false")
class UpstreamResponseDesyncOnGatewayWayTest extends UpstreamResponseDesyncTest {
}
