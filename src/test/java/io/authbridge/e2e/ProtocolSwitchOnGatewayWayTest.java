package io.authbridge.e2e;

import org.springframework.test.context.TestPropertySource;

/** {@link ProtocolSwitchTest} with the fast path switched off: Spring Cloud Gateway's own routing passes the 101 on. */
@TestPropertySource(properties = "authbridge.fast-path.enabled=false")
class ProtocolSwitchOnGatewayWayTest extends ProtocolSwitchTest {
}
