package io.authbridge.e2e;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a trusted proxy the authentication failure limit and the login throttle count the client the proxy
 * forwards, so one flooding client does not lock out everyone behind the same proxy; a peer that is not trusted is counted as
 * itself, whatever addresses it claims to forward.
 */
@TestPropertySource(properties = { "authbridge.authentication.failure-limit.enabled=true",
        "authbridge.authentication.failure-limit.burst=5", "authbridge.authentication.failure-limit.per-second=0.01",
        "authbridge.authentication.failure-limit.penalty=10ms", "authbridge.trusted-proxies=127\\.0\\.0\\.21" })
class ForwardedClientLimitsTest extends GatewayTestSupport {

    @Test
    void failuresOfTwoClientsBehindOneTrustedProxyAreCountedApart() {
        WebTestClient proxy = clientFrom("127.0.0.21");
        for (int i = 0; i < 5; i++) {
            assertThat(unknownTokenStatus(proxy, "X-Forwarded-For", "198.51.100.7")).isEqualTo(401);
        }
        assertThat(unknownTokenStatus(proxy, "X-Forwarded-For", "198.51.100.7")).isEqualTo(429);
        // a proxy chain ending in the first client is that client
        assertThat(unknownTokenStatus(proxy, "X-Forwarded-For", "203.0.113.1, 198.51.100.7")).isEqualTo(429);
        for (int i = 0; i < 5; i++) {
            assertThat(unknownTokenStatus(proxy, "X-Forwarded-For", "198.51.100.8")).as("the second client").isEqualTo(401);
        }
        assertThat(unknownTokenStatus(proxy, "X-Forwarded-For", "198.51.100.8")).isEqualTo(429);
    }

    @Test
    void anUntrustedPeerIsCountedAsItselfWhateverAddressesItForwards() {
        WebTestClient untrusted = clientFrom("127.0.0.22");
        for (int i = 0; i < 5; i++) {
            String header = i % 2 == 0 ? "X-Forwarded-For" : "Forwarded";
            String value = i % 2 == 0 ? "198.51.100." + (20 + i) : "for=198.51.100." + (20 + i);
            assertThat(unknownTokenStatus(untrusted, header, value)).isEqualTo(401);
        }
        for (int i = 0; i < 6; i++) {
            String header = i % 2 == 0 ? "Forwarded" : "X-Forwarded-For";
            String value = i % 2 == 0 ? "for=\"[2001:db8::" + i + "]\"" : "203.0.113." + (40 + i);
            assertThat(unknownTokenStatus(untrusted, header, value)).as(value).isEqualTo(429);
        }
    }

    @Test
    void failedLoginsOfTwoClientsBehindOneTrustedProxyAreCountedApart() {
        WebTestClient proxy = clientFrom("127.0.0.21");
        for (int attempt = 1; attempt <= 15; attempt++) {
            Reply failed = login(proxy, "198.51.100.30", "stranger-" + attempt + "-" + UUID.randomUUID() + "@example.test",
                    "wrong-guess");
            assertThat(failed.status()).as("attempt " + attempt).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        assertThat(login(proxy, "198.51.100.30", ADMIN_EMAIL, ADMIN_PASSWORD).problemTitle(401)).isEqualTo("Login denied.");
        // the next client behind the same proxy is not locked out
        assertThat(login(proxy, "198.51.100.31", ADMIN_EMAIL, ADMIN_PASSWORD).status()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void failedLoginsOfAnUntrustedPeerAreCountedAsItselfWhateverItForwards() {
        WebTestClient untrusted = clientFrom("127.0.0.23");
        for (int attempt = 1; attempt <= 15; attempt++) {
            Reply failed = login(untrusted, "198.51.100." + (40 + attempt),
                    "stranger-" + attempt + "-" + UUID.randomUUID() + "@example.test", "wrong-guess");
            assertThat(failed.status()).as("attempt " + attempt).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        assertThat(login(untrusted, "198.51.100.99", ADMIN_EMAIL, ADMIN_PASSWORD).problemTitle(401)).isEqualTo("Login denied.");
    }

    private Reply login(WebTestClient client, String forwardedFor, String email, String password) {
        WebTestClient forwarding = client.mutate().defaultHeader("X-Forwarded-For", forwardedFor).build();
        return send(forwarding, HttpMethod.POST, "/api/v2/auth/login", null, "application/json",
                Map.of("email", email, "password", password));
    }

    private static int unknownTokenStatus(WebTestClient client, String header, String value) {
        String token = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 40);
        return client.get().uri("/unfiltered/x").header("Authorization", "Bearer " + token).header(header, value)
            .exchange().returnResult(String.class).getStatus().value();
    }
}
