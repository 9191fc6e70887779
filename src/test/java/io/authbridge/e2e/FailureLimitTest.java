package io.authbridge.e2e;

import java.time.Duration;
import java.util.UUID;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import io.authbridge.token.TokenCache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unknown-token flood from one client costs a bounded number of store reads: after its burst of failed
 * lookups the client gets 429 with {@code Retry-After} (in the route's dialect), after the penalty delay and
 * without a store read; its cached tokens keep working, and other clients are not affected.
 */
@TestPropertySource(properties = { "authbridge.authentication.failure-limit.enabled=true",
        "authbridge.authentication.failure-limit.burst=5", "authbridge.authentication.failure-limit.per-second=0.01",
        "authbridge.authentication.failure-limit.penalty=150ms" })
class FailureLimitTest extends GatewayTestSupport {

    @Autowired
    private TokenCache cache;

    @Test
    void aFloodOfUnknownTokensIsCutOffAfterTheBurstWhileCachedTokensAndOtherClientsKeepWorking() {
        Project project = newProject();
        IssuedToken valid = scopedToken(project, Scope.CLIENT);
        WebTestClient flooder = clientFrom("127.0.0.3");
        flooder.get().uri("/unfiltered/warm").header("Authorization", bearer(valid)).exchange().expectStatus().isOk();
        long readsBefore = cache.stats().missCount();

        int unauthorized = 0;
        int throttled = 0;
        long floodStart = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            var result = flooder.get().uri("/unfiltered/x").header("Authorization", "Bearer " + randomToken())
                .exchange().returnResult(String.class);
            int status = result.getStatus().value();
            if (status == 401) {
                unauthorized++;
            }
            else {
                assertThat(status).isEqualTo(429);
                assertThat(result.getResponseHeaders().getFirst("Retry-After")).matches("[1-9][0-9]*");
                assertThat(result.getResponseBody().blockFirst()).contains("rate_limit_exceeded");
                throttled++;
            }
        }
        long floodMillis = Duration.ofNanos(System.nanoTime() - floodStart).toMillis();
        assertThat(floodMillis).as("each 429 waits for the penalty").isGreaterThanOrEqualTo(35 * 150);
        long reads = cache.stats().missCount() - readsBefore;
        assertThat(unauthorized).isEqualTo(5);
        assertThat(throttled).isEqualTo(35);
        assertThat(reads).as("store reads caused by the flood").isLessThanOrEqualTo(6);

        // the flooding client's cached token still works; another client's unknown token is still just 401
        flooder.get().uri("/unfiltered/y").header("Authorization", bearer(valid)).exchange().expectStatus().isOk();
        clientFrom("127.0.0.4").get().uri("/unfiltered/z").header("Authorization", "Bearer " + randomToken())
            .exchange()
            .expectStatus().isUnauthorized();
        // in the Exceptionless dialect the 429 is a problem with the title Too Many Requests
        flooder.get().uri("/xl/q").header("Authorization", "Bearer " + randomToken()).exchange()
            .expectStatus().isEqualTo(429)
            .expectHeader().contentType("application/problem+json")
            .expectBody().jsonPath("$.title").isEqualTo("Too Many Requests");
    }

    private static String randomToken() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 40);
    }
}
