package io.authbridge.e2e;

import org.springframework.test.context.TestPropertySource;

/**
 * {@link ClientSetHeadersTest} with the test client a trusted proxy: its client-address, host and scheme headers
 * pass in their standard spelling; overrides and every other spelling still do not.
 */
@TestPropertySource(properties = "authbridge.trusted-proxies=127\\.0\\.0\\.1")
class ClientSetHeadersFromTrustedProxyTest extends ClientSetHeadersTest {

    @Override
    protected boolean fromTrustedProxy() {
        return true;
    }
}
