package io.authbridge.path;

import io.authbridge.upstream.UnforwardedHeaders;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** Headers that would mislead an upstream about the path or the proxy chain never leave the gateway, in any spelling. */
class MisleadingHeadersTest {

    private final MisleadingHeaders filter = new MisleadingHeaders();

    @Test
    void pathOverridesAndMisspelledForwardingHeadersAreClaimed() {
        for (String name : new String[] { "X-Original-URL", "x-original-url", "X_Original_Url", "X-Rewrite-URL",
                "x_rewrite_url", "X-Original-URI", "X.ORIGINAL.URI", "X_Forwarded_Host", "x.forwarded.prefix", "X-Forwarded_For" }) {
            assertThat(filter.unforwarded(name)).as(name).isTrue();
        }
        for (String name : new String[] { "X-Original-URL-Hint", "X-Original", "X-Request-Id", "Referer", "X-Forwarded-Host",
                "x-forwarded-for", "Forwarded", "X-Forwardedness" }) {
            assertThat(filter.unforwarded(name)).as(name).isFalse();
        }
    }

    @Test
    void headersThatDidNotGoThroughTheOnePassLoseThemOnEitherWay() {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("http://gateway.test/x"));
        HttpHeaders spring = new HttpHeaders();
        spring.add("X_Original_URL", "/admin");
        spring.add("X-Rewrite-URL", "/admin");
        spring.add("Accept", "*/*");
        DefaultHttpHeaders netty = new DefaultHttpHeaders();
        spring.forEach(netty::add);

        HttpHeaders sent = filter.filter(spring, exchange);
        filter.filter(netty, exchange);

        assertThat(sent.headerNames()).containsExactly("Accept");
        assertThat(netty.names()).containsExactly("Accept");
    }

    @Test
    void theOnePassLeavesThemOutItself() {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("http://gateway.test/x"));
        UnforwardedHeaders.leftOut(exchange);
        HttpHeaders headers = new HttpHeaders();
        headers.add("Accept", "*/*");

        assertThat(filter.filter(headers, exchange)).isSameAs(headers);
    }
}
