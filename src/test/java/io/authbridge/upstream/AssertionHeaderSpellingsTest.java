package io.authbridge.upstream;

import java.util.List;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** A header a route's UpstreamAuth writes (jwt mode's {@code header}) is never forged in another spelling. */
class AssertionHeaderSpellingsTest {

    private static final List<String> SPELLINGS = List.of("X-Identity-Assertion", "x-identity-assertion",
            "X_Identity_Assertion", "X.IDENTITY.ASSERTION", "x_identity-assertion");

    private final UpstreamAuthorizationHeadersFilter filter = new UpstreamAuthorizationHeadersFilter();

    @Test
    void everySpellingOfTheDecidedHeaderIsReplacedOnBothWaysUpstream() {
        for (String spelling : SPELLINGS) {
            for (String value : java.util.Arrays.asList("signed", null)) {
                MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/jwt"));
                UpstreamAuthorization.header(AsciiString.of("X-Identity-Assertion"), value).decideFor(exchange);

                DefaultHttpHeaders netty = new DefaultHttpHeaders();
                netty.add(spelling, "forged").add("X-Other", "kept");
                filter.filter(netty, exchange);
                assertThat(netty.getAll("X-Identity-Assertion")).as(spelling).containsExactlyElementsOf(
                        value == null ? List.of() : List.of(value));
                assertThat(netty.names()).as(spelling).hasSize(value == null ? 1 : 2);

                HttpHeaders spring = new HttpHeaders();
                spring.add(spelling, "forged");
                spring.add("X-Other", "kept");
                HttpHeaders sent = filter.filter(spring, exchange);
                assertThat(sent.get("X-Identity-Assertion")).as(spelling)
                    .isEqualTo(value == null ? null : List.of(value));
                assertThat(sent.headerNames()).as(spelling).hasSize(value == null ? 1 : 2);
            }
        }
    }
}
