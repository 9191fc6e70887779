package io.authbridge.authentication;

import java.net.InetSocketAddress;

import io.authbridge.upstream.UnforwardedHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forged identity headers never go upstream: the routing filter's one pass leaves them out, and on any other
 * way upstream (the gateway's WebSocket routing filter uses the plain header filters) this filter removes
 * them itself.
 */
class UpstreamHeadersFilterTest {

    private final UpstreamHeadersFilter filter = new UpstreamHeadersFilter("X-Auth-", null);

    @Test
    void theIdentityPrefixIsClaimedWhateverTheCase() {
        assertThat(filter.unforwarded("X-Auth-Token-Id")).isTrue();
        assertThat(filter.unforwarded("x-auth-anything")).isTrue();
        assertThat(filter.unforwarded("X-Authority")).isFalse();
        assertThat(filter.unforwarded("Authorization")).isFalse();
    }

    @Test
    void headersThatDidNotGoThroughTheOnePassLoseTheirForgedIdentityHeaders() {
        ServerWebExchange exchange = exchange("/ws");

        HttpHeaders sent = filter.filter(forged(), exchange);

        assertThat(sent.headerNames()).containsExactlyInAnyOrder("Upgrade", "X-Forwarded-For");
    }

    @Test
    void headersTheOnePassAlreadyCleanedAreNotScannedAgain() {
        ServerWebExchange exchange = exchange("/x");
        UnforwardedHeaders.leftOut(exchange);

        HttpHeaders sent = filter.filter(forged(), exchange);

        // what the pass would have left out is the pass's to leave out: this filter only sets its own headers
        assertThat(sent.headerNames()).contains("X-Auth-Scopes", "Upgrade", "X-Forwarded-For");
    }

    private static ServerWebExchange exchange(String path) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("http://gateway.test" + path)
            .remoteAddress(new InetSocketAddress("10.1.2.3", 40000)));
    }

    private static HttpHeaders forged() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Upgrade", "websocket");
        headers.add("X-Auth-Scopes", "global");
        headers.add("x-auth-token-id", "forged");
        return headers;
    }
}
