package io.authbridge.e2e;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics an operator scrapes from {@code /actuator/prometheus}, under the names the README, the Grafana
 * dashboard and the alert rules use.
 */
class MetricsTest extends GatewayTestSupport {

    @Test
    void requestsAreALatencyHistogramByRouteOutcomeAndStatus() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        assertThat(httpGet("/unfiltered/timed", bearer(token)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/unfiltered/timed", "Bearer UnknownTokenForTheRequestTimer00000000").status())
            .isEqualTo(HttpStatus.UNAUTHORIZED);

        String scrape = scrape();

        assertThat(scrape).contains(
                "authbridge_requests_seconds_bucket{outcome=\"authenticated\",route=\"unfiltered\",status=\"200\",le=\"+Inf\"}",
                "authbridge_requests_seconds_count{outcome=\"rejected\",route=\"unfiltered\",status=\"401\"}",
                "authbridge_requests_seconds_sum{outcome=\"authenticated\",route=\"unfiltered\",status=\"200\"}");
        assertThat(scrape).as("the path is never a tag").doesNotContain("/unfiltered/timed");
    }

    @Test
    void theWaitForTheUpstreamIsTimedByRouteAndUpstreamStatus() {
        assertThat(httpGet("/public/upstream-timed", null).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/down/refused", bearer(scopedToken(newProject(), Scope.CLIENT))).status())
            .isEqualTo(HttpStatus.BAD_GATEWAY);

        String scrape = scrape();

        assertThat(scrape).contains("authbridge_upstream_seconds_bucket{route=\"public\",status=\"200\",le=\"+Inf\"}",
                "authbridge_upstream_seconds_count{route=\"down\",status=\"error\"}");
    }

    @Test
    void storeReadsAndTheTokenCacheHaveTheirMeters() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        httpGet("/unfiltered/cache", bearer(token));
        httpGet("/unfiltered/cache", bearer(token));

        String scrape = scrape();

        assertThat(scrape).contains("authbridge_store_reads_seconds_bucket{outcome=\"found\",query=\"token\",le=\"+Inf\"}",
                "cache_gets_total{cache=\"authbridge.tokens\",result=\"hit\"}",
                "cache_gets_total{cache=\"authbridge.tokens\",result=\"miss\"}",
                "cache_load_total{cache=\"authbridge.tokens\",result=\"success\"}");
    }

    /** The scrape of the management port. */
    private String scrape() {
        return scrape(managementPort);
    }

    /** What Prometheus reads from {@code /actuator/prometheus} (histograms make it larger than a default buffer). */
    static String scrape(int managementPort) {
        EntityExchangeResult<String> result = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
            .build()
            .get().uri("/actuator/prometheus").exchange()
            .expectStatus().isOk()
            .expectBody(String.class).returnResult();
        return result.getResponseBody();
    }
}
