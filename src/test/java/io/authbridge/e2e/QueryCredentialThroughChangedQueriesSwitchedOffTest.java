package io.authbridge.e2e;

import org.springframework.test.context.TestPropertySource;

/** {@link QueryCredentialThroughChangedQueriesTest} on the gateway's own parts ({@code authbridge.fast-path.enabled=false}). */
@TestPropertySource(properties = "authbridge.fast-path.enabled=false")
class QueryCredentialThroughChangedQueriesSwitchedOffTest extends QueryCredentialThroughChangedQueriesTest {
}
