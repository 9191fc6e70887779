package io.authbridge.e2e;

import org.springframework.test.context.TestPropertySource;

/** The explain API and the gateway agree on every method spelling with {@code authbridge.server.allow-trace}. */
@TestPropertySource(properties = "authbridge.server.allow-trace=true")
class ExplainMethodSpellingsTraceAllowedTest extends ExplainMethodSpellingsSupport {
}
