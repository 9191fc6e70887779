package io.authbridge.e2e;

import org.springframework.test.context.TestPropertySource;

/** {@link ResponseTrailersTest} on the gateway's way: its own response writer, the same answers. */
@TestPropertySource(properties = "authbridge.fast-path.enabled=false")
class ResponseTrailersOnGatewayWayTest extends ResponseTrailersTest {
}
