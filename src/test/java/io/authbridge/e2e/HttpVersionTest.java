package io.authbridge.e2e;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request line naming an HTTP version other than 1.0 and 1.1 on a cleartext HTTP/1 connection is answered 505 in
 * the default dialect, whatever the path, and reaches no upstream; 1.0 and 1.1 are served.
 */
class HttpVersionTest extends GatewayTestSupport {

    @Test
    void everyVersionButOnePointZeroAndOnePointOneIsAnswered505() throws IOException {
        for (String version : new String[] { "HTTP/1.2", "HTTP/1.9", "HTTP/2.0", "HTTP/3.0", "HTTP/0.9", "HTTP/9.9" }) {
            for (String target : new String[] { "/public/versioned", "/bearer/versioned", "/api/v2/projects" }) {
                upstream.resetRequests();

                RawHttp.Answer answer = RawHttp.exchange(port, "GET " + target + " " + version + "\r\nHost: 127.0.0.1\r\n\r\n", 5000);

                assertThat(answer.status()).as(version + " " + target + ": " + answer.text()).isEqualTo(505);
                // the default dialect of the tests: SignalWire's, never Exceptionless problem details
                assertThat(answer.text()).as(version).doesNotContain("application/problem+json");
                assertUpstreamReceivedNothing();
            }
        }
    }

    @Test
    void onePointZeroAndOnePointOneAreServed() throws IOException {
        for (String version : new String[] { "HTTP/1.0", "HTTP/1.1" }) {
            RawHttp.Answer answer = RawHttp.exchange(port, "GET /public/versioned " + version
                    + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 5000);

            assertThat(answer.text()).as(version).matches("(?s)HTTP/1\\.[01] 200 .*");
        }
    }
}
