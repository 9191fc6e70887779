package io.authbridge.scale;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jwt.SignedJWT;
import io.authbridge.e2e.DeployMetricNames;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Permission;
import io.authbridge.token.StoredToken;
import io.authbridge.token.TokenChange;
import io.authbridge.token.TokenService;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two AuthBridge instances on one PostgreSQL database: a token changed through one is rejected by the
 * other within a second (LISTEN/NOTIFY), measured over many changes; last-used times written behind by one
 * show in the listings of the other; an identity assertion reused on one is signed anew within a second of a
 * change made on the other.
 */
class MultiInstancePostgresTest {

    private static final int CHANGES = 40;

    @RegisterExtension
    static final TwoInstances instances = new TwoInstances((properties, upstream) -> {
        properties.put("authbridge.last-used.flush-interval", "200ms");
        properties.putAll(GatewayInstance.route(0, "api", "/api", upstream, "signalwire"));
        properties.putAll(GatewayInstance.route(1, "signed", "/signed", upstream, "signalwire", "UpstreamAuth=jwt"));
        // one signing key for both, as instances sharing a data directory have
        properties.put("authbridge.identity-assertion.generated-key-file",
                Files.createTempDirectory("authbridge-assertion-key").resolve("key.pem").toString());
    });

    @Test
    void theInvalidationMetricsOfTheDashboardAndTheAlertRulesAreScraped() {
        // a change on b is a notice received on a, so that a's lag histogram has samples
        IssuedToken key = instances.a().newProjectKey();
        assertThat(status(instances.a(), key.secret())).isEqualTo(200);
        disable(instances.b(), key.stored());
        millisUntilRejected(instances.a(), key.secret(), Duration.ofSeconds(5));

        String scrape = ((PrometheusMeterRegistry) instances.a().meters()).scrape();
        List<String> invalidation = DeployMetricNames.all().stream()
            .filter(name -> name.startsWith("authbridge_invalidation_"))
            .toList();
        assertThat(invalidation).isNotEmpty();
        assertThat(invalidation.stream().filter(name -> !DeployMetricNames.scraped(scrape, name)).toList())
            .as("invalidation metrics of deploy/ missing from the scrape").isEmpty();
    }

    @Test
    void tokenRevokedOnOneInstanceIsRejectedByTheOtherWithinASecond() {
        IssuedToken key = instances.a().newProjectKey();
        assertThat(status(instances.b(), key.secret())).isEqualTo(200);

        disable(instances.a(), key.stored());

        long lagMillis = millisUntilRejected(instances.b(), key.secret(), Duration.ofSeconds(5));
        assertThat(lagMillis).as("revocation lag on the other instance").isLessThan(1000);
        assertThat(status(instances.a(), key.secret())).isEqualTo(401);
    }

    @Test
    void invalidationLagStaysUnderOneSecondOverManyChanges() {
        List<Long> lags = new ArrayList<>();
        for (int i = 0; i < CHANGES; i++) {
            IssuedToken key = instances.a().newProjectKey();
            // the other instance trusts the token from its cache...
            assertThat(status(instances.b(), key.secret())).isEqualTo(200);
            assertThat(status(instances.b(), key.secret())).isEqualTo(200);
            // ...until the change made through this one reaches it
            GatewayInstance changer = i % 2 == 0 ? instances.a() : instances.b();
            GatewayInstance observer = instances.other(changer);
            assertThat(status(observer, key.secret())).isEqualTo(200);
            if (i % 3 == 0) {
                changer.bean(TokenService.class).delete(key.stored()).block(Duration.ofSeconds(5));
            }
            else {
                disable(changer, key.stored());
            }
            lags.add(millisUntilRejected(observer, key.secret(), Duration.ofSeconds(5)));
        }
        Collections.sort(lags);
        long p50 = percentile(lags, 0.50);
        long p99 = percentile(lags, 0.99);
        Timer notified = instances.b().meters().find("authbridge.invalidation.lag").timer();
        System.out.printf("INVALIDATION LAG over %d changes, change committed -> other instance answers 401: "
                + "p50=%d ms, p99=%d ms, max=%d ms; notice delivery on instance b (authbridge.invalidation.lag): "
                + "count=%d mean=%.2f ms max=%.2f ms%n", lags.size(), p50, p99, lags.get(lags.size() - 1),
                notified.count(), notified.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
                notified.max(java.util.concurrent.TimeUnit.MILLISECONDS));
        assertThat(p99).isLessThan(1000);
    }

    @Test
    void anAssertionReusedOnOneInstanceIsReplacedWithinASecondOfAChangeMadeOnTheOther() throws Exception {
        IssuedToken key = instances.a().newProjectKey();
        String first = assertionFrom(instances.b(), key.secret());
        assertThat(assertionFrom(instances.b(), key.secret())).as("reused while young").isEqualTo(first);
        StoredToken stored = key.stored();

        instances.a().bean(TokenService.class)
            .update(stored.id(), TokenChange.none().withPermissions(Permission.MESSAGING.bit()))
            .block(Duration.ofSeconds(5));

        long start = System.nanoTime();
        String current = first;
        while (current.equals(first) && System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
            sleep(2);
            current = assertionFrom(instances.b(), key.secret());
        }
        long lagMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(current).as("the assertion after the change").isNotEqualTo(first);
        assertThat(lagMillis).as("until the other instance signed anew").isLessThan(1000);
        assertThat(SignedJWT.parse(current.substring("Bearer ".length())).getJWTClaimsSet()
            .getStringListClaim("permissions")).containsExactly("messaging");
    }

    /** The Authorization the upstream received for one request through {@code instance}'s jwt route. */
    private String assertionFrom(GatewayInstance instance, String secret) {
        instances.upstream().resetRequests();
        instance.client().get().uri("/signed/x").header("Authorization", "Bearer " + secret).exchange()
            .expectStatus().isOk();
        List<LoggedRequest> received = instances.upstream().findAll(anyRequestedFor(anyUrl()));
        assertThat(received).hasSize(1);
        return received.get(0).getHeader("Authorization");
    }

    @Test
    void lastUsedTimesAreWrittenBehindAndVisibleInListings() {
        IssuedToken key = instances.a().newProjectKey();
        Instant before = Instant.now().minusSeconds(1);
        assertThat(key.stored().lastUsedUtc()).isNull();
        for (int i = 0; i < 5; i++) {
            assertThat(status(instances.b(), key.secret())).isEqualTo(200);
        }
        StoredToken listed = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            listed = instances.a().bean(TokenService.class)
                .listAccessTokensOfProject(key.stored().projectId())
                .blockFirst(Duration.ofSeconds(5));
            if (listed != null && listed.lastUsedUtc() != null) {
                break;
            }
            sleep(50);
        }
        assertThat(listed).isNotNull();
        assertThat(listed.lastUsedUtc()).as("last used, as listed by the other instance").isAfter(before);
    }

    static int status(GatewayInstance instance, String secret) {
        return instance.client()
            .get()
            .uri("/api/thing")
            .header("Authorization", "Bearer " + secret)
            .exchange()
            .returnResult(String.class)
            .getStatus()
            .value();
    }

    static void disable(GatewayInstance instance, StoredToken token) {
        instance.bean(TokenService.class)
            .update(token.id(), TokenChange.disable(true))
            .block(Duration.ofSeconds(5));
    }

    /** Milliseconds from now until {@code instance} answers 401 for the secret; fails after {@code within}. */
    static long millisUntilRejected(GatewayInstance instance, String secret, Duration within) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < within.toNanos()) {
            int status = status(instance, secret);
            if (status == 401) {
                return Duration.ofNanos(System.nanoTime() - start).toMillis();
            }
            assertThat(status).as("before the change arrives the cached record is used").isEqualTo(200);
            sleep(2);
        }
        throw new AssertionError("still accepted after " + within);
    }

    static long percentile(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
