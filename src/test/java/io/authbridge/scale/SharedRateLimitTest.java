package io.authbridge.scale;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.authbridge.token.IssuedToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances with one Redis draw from one budget: exactly {@code limit} requests pass, whichever serves them. */
class SharedRateLimitTest {

    private static final int LIMIT = 10;

    @RegisterExtension
    static final TwoInstances instances = new TwoInstances((properties, upstream) -> {
        properties.put("authbridge.rate-limit.redis-url", Services.redisUrl());
        // a prefix of its own: runs never share counters
        properties.put("authbridge.rate-limit.key-prefix", "authbridge-test:" + UUID.randomUUID() + ":");
        properties.putAll(GatewayInstance.route(0, "limited", "/api", upstream, "signalwire",
                "RateLimit=" + LIMIT + ", 1m, project"));
    }).requiringRedis();

    @Test
    void twoInstancesShareOneExactBudget() {
        IssuedToken key = instances.a().newProjectKey();
        IssuedToken sameProject = instances.a().newKey(key.stored().organizationId(), key.stored().projectId());
        List<String> remaining = new ArrayList<>();
        int allowed = 0;
        int limited = 0;
        for (int i = 0; i < 16; i++) {
            GatewayInstance instance = i % 2 == 0 ? instances.a() : instances.b();
            String secret = i % 3 == 0 ? sameProject.secret() : key.secret();
            var result = instance.client().get().uri("/api/x").header("Authorization", "Bearer " + secret).exchange()
                .returnResult(String.class);
            assertThat(result.getResponseHeaders().getFirst("X-RateLimit-Limit")).isEqualTo("" + LIMIT);
            remaining.add(result.getResponseHeaders().getFirst("X-RateLimit-Remaining"));
            if (result.getStatus().value() == 200) {
                allowed++;
            }
            else {
                assertThat(result.getStatus().value()).isEqualTo(429);
                assertThat(result.getResponseHeaders().getFirst("Retry-After")).isNotNull();
                assertThat(result.getResponseBody().blockFirst()).contains("\"code\":\"rate_limit_exceeded\"");
                limited++;
            }
        }
        assertThat(allowed).isEqualTo(LIMIT);
        assertThat(limited).isEqualTo(6);
        assertThat(remaining).containsExactly("9", "8", "7", "6", "5", "4", "3", "2", "1", "0", "0", "0", "0", "0",
                "0", "0");
        assertThat(instances.a().meters().find("authbridge.ratelimit.redis.failures").counter().count()).isZero();
    }
}
