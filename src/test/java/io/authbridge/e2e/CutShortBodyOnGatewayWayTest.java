package io.authbridge.e2e;

import org.springframework.test.context.TestPropertySource;

/** {@link CutShortBodyTest} with the fast path switched off: Spring Cloud Gateway's own routing filter and lookup. */
@TestPropertySource(properties = "authbridge.fast-path.enabled=false")
class CutShortBodyOnGatewayWayTest extends CutShortBodyTest {
}
