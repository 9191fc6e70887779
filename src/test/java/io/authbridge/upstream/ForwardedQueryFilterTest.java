package io.authbridge.upstream;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

/** The stripped query reaches every way upstream the one pass does not take, WebSocket upgrades first. */
class ForwardedQueryFilterTest {

    private static final String RECEIVED = "access_token=SecretValue0123456789abcd&x=1";

    @Test
    void aWebSocketUpgradeIsSentTheStrippedQueryWhateverTheUpgradeHeadersLetterCase() {
        for (String upgrade : List.of("websocket", "WebSocket", "WEBSOCKET")) {
            for (boolean onePass : List.of(true, false)) {
                URI sent = routedUrl(onePass, upgrade);
                assertThat(sent.toString()).as(upgrade + " onePass=" + onePass).isEqualTo("http://upstream:1/ws?x=1");
            }
        }
    }

    @Test
    void aPlainRequestIsLeftToTheOnePassWhenItRoutesHttp() {
        assertThat(routedUrl(true, null).toString()).isEqualTo("http://upstream:1/ws?" + RECEIVED);
        assertThat(routedUrl(false, null).toString()).isEqualTo("http://upstream:1/ws?x=1");
    }

    private static URI routedUrl(boolean onePassRoutesHttp, String upgrade) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/ws?" + RECEIVED);
        if (upgrade != null) {
            request.header("Upgrade", upgrade).header("Connection", "Upgrade");
        }
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, URI.create("http://upstream:1/ws?" + RECEIVED));
        new ForwardedQuery(RECEIVED, "x=1", query -> query.replace("access_token=SecretValue0123456789abcd&", ""))
            .decideFor(exchange);
        AtomicReference<URI> routed = new AtomicReference<>();
        GatewayFilterChain chain = next -> {
            routed.set(next.getAttribute(GATEWAY_REQUEST_URL_ATTR));
            return Mono.empty();
        };
        new ForwardedQueryFilter(onePassRoutesHttp).filter(exchange, chain).block();
        return routed.get();
    }
}
