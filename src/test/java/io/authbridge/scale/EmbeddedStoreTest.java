package io.authbridge.scale;

import java.time.Duration;
import java.util.Map;

import io.authbridge.token.IssuedToken;
import io.authbridge.token.StoredToken;
import io.authbridge.token.TokenInvalidation;
import io.authbridge.token.TokenService;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the embedded H2 store (no other service) the scale-out features stay out of the way: no listener,
 * local rate limits, and last-used times still written behind.
 */
class EmbeddedStoreTest {

    @Test
    void embeddedStoreWritesLastUsedBehindAndNeedsNoListener() {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("spring.r2dbc.url", "r2dbc:h2:mem:///embedded-" + System.nanoTime() + "?DB_CLOSE_DELAY=-1");
        properties.put("authbridge.last-used.flush-interval", "200ms");
        properties.putAll(GatewayInstance.route(0, "api", "/api", "http://127.0.0.1:9", "signalwire",
                "RateLimit=1, 1m, token"));
        try (GatewayInstance gateway = GatewayInstance.start(properties)) {
            assertThat(gateway.bean(TokenInvalidation.class).getClass().getSimpleName())
                .doesNotContain("Notifying");
            assertThat(gateway.meters().find("authbridge.invalidation.listening").gauge()).isNull();
            IssuedToken key = gateway.newProjectKey();
            // the upstream does not exist: 502 after the limiter counted; the second request is limited
            var first = gateway.client().get().uri("/api/x").header("Authorization", "Bearer " + key.secret())
                .exchange().returnResult(String.class);
            assertThat(first.getResponseHeaders().getFirst("X-RateLimit-Remaining")).isEqualTo("0");
            var second = gateway.client().get().uri("/api/x").header("Authorization", "Bearer " + key.secret())
                .exchange().returnResult(String.class);
            assertThat(second.getStatus().value()).isEqualTo(429);
            StoredToken listed = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline && (listed == null || listed.lastUsedUtc() == null)) {
                MultiInstancePostgresTest.sleep(50);
                listed = gateway.bean(TokenService.class)
                    .listAccessTokensOfProject(key.stored().projectId())
                    .blockFirst(Duration.ofSeconds(5));
            }
            assertThat(listed).isNotNull();
            assertThat(listed.lastUsedUtc()).isNotNull();
        }
    }
}
