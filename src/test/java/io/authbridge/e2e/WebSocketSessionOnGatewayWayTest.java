package io.authbridge.e2e;

import org.springframework.test.context.TestPropertySource;

/** {@link WebSocketSessionTest} with the fast path switched off: Spring Cloud Gateway's own routing and Reactor Netty's timeouts. */
@TestPropertySource(properties = "authbridge.fast-path.enabled=false")
class WebSocketSessionOnGatewayWayTest extends WebSocketSessionTest {
}
