package io.authbridge.upstream;

import java.util.function.UnaryOperator;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** The values AuthBridge's filters leave on the exchange, as the ways upstream write them. */
class UpstreamDecisionsTest {

    /** Drops the {@code t} parameter, as the query credentials do. */
    private static final UnaryOperator<String> STRIP = raw -> {
        String kept = String.join("&", java.util.Arrays.stream(raw.split("&")).filter(p -> !p.startsWith("t=")).toList());
        return kept.isEmpty() ? null : kept;
    };

    @Test
    void theForwardedQueryReplacesTheQueryOfTheUrlSent() {
        ForwardedQuery query = new ForwardedQuery("a=%2F+b&t=secret&z", "a=%2F+b&z", STRIP);

        assertThat(query.applyTo("http://up:8080/p?a=%2F+b&t=secret&z")).isEqualTo("http://up:8080/p?a=%2F+b&z");
        assertThat(query.applyTo("http://up:8080/p")).isEqualTo("http://up:8080/p");
        // a route filter changed the query since: stripped again
        assertThat(query.applyTo("http://up/p?t=secret&added=1")).isEqualTo("http://up/p?added=1");
        assertThat(new ForwardedQuery("t=secret", null, STRIP).applyTo("http://up/p?t=secret")).isEqualTo("http://up/p");
        String untouched = "http://up/p?x=1";
        assertThat(query.applyTo(untouched)).isSameAs(untouched);
    }

    @Test
    void theDescriptionsNeverShowTheCredential() {
        assertThat(new ForwardedQuery("t=secret", null, STRIP).toString()).doesNotContain("secret");
        assertThat(UpstreamAuthorization.authorization("Bearer secret").toString()).doesNotContain("secret");
    }

    @Test
    void theNettyAndSpringWaysWriteTheSameAuthorization() {
        UpstreamAuthorizationHeadersFilter filter = new UpstreamAuthorizationHeadersFilter();
        for (UpstreamAuthorization decision : new UpstreamAuthorization[] { null, UpstreamAuthorization.none(),
                UpstreamAuthorization.authorization("Basic c3ZjOnB3") }) {
            MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x")
                .header("Authorization", "Bearer client-secret").header("Accept", "*/*"));
            if (decision != null) {
                decision.decideFor(exchange);
            }
            DefaultHttpHeaders netty = new DefaultHttpHeaders();
            exchange.getRequest().getHeaders().forEach(netty::add);
            filter.filter(netty, exchange);
            HttpHeaders spring = filter.filter(exchange.getRequest().getHeaders(), exchange);

            String expected = decision == null ? "Bearer client-secret"
                    : decision.value() == null ? null : decision.value().toString();
            assertThat(netty.get("Authorization")).as(String.valueOf(decision)).isEqualTo(expected);
            assertThat(spring.getFirst("Authorization")).as(String.valueOf(decision)).isEqualTo(expected);
            assertThat(netty.get("Accept")).isEqualTo("*/*");
            assertThat(spring.getFirst("Accept")).isEqualTo("*/*");
        }
    }
}
