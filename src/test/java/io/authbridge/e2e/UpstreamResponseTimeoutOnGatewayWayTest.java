package io.authbridge.e2e;

import org.springframework.test.context.TestPropertySource;

/** {@link UpstreamResponseTimeoutTest} on the gateway's way: Reactor Netty's own response timeout, the same answers. */
@TestPropertySource(properties = "authbridge.fast-path.enabled=false")
class UpstreamResponseTimeoutOnGatewayWayTest extends UpstreamResponseTimeoutTest {
}
