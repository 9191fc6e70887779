package io.authbridge.e2e;

import java.util.List;
import java.util.Set;

import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric that deploy/'s dashboard and alert rules query exists in a running gateway's scrape, so that a
 * renamed meter breaks this test instead of a panel or an alert. The invalidation metrics exist only with a
 * PostgreSQL store: {@code MultiInstancePostgresTest} checks those.
 */
class DeployMetricsTest extends GatewayTestSupport {

    @Test
    void everyMetricOfTheDashboardAndTheAlertRulesIsScraped() {
        Project project = newProject();
        IssuedToken token = scopedToken(project, Scope.CLIENT);
        // a cold token (a store read, a cache miss), then a hit, a proxied request and a rate-limited one
        assertThat(httpGet("/unfiltered/deploy", bearer(token)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/unfiltered/deploy", bearer(token)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/rate-limited/deploy", bearer(token)).status()).isEqualTo(HttpStatus.OK);

        Set<String> names = DeployMetricNames.all();
        String scrape = MetricsTest.scrape(managementPort);

        assertThat(names).as("names found in deploy/").contains("authbridge_requests_seconds_bucket",
                "authbridge_upstream_seconds_bucket", "authbridge_store_reads_seconds_bucket", "cache_gets_total",
                "authbridge_ratelimit_decisions_total", "authbridge_invalidation_listening");
        List<String> missing = names.stream()
            .filter(name -> !name.startsWith("authbridge_invalidation_"))
            .filter(name -> !DeployMetricNames.scraped(scrape, name))
            .toList();
        assertThat(missing).as("metrics of deploy/ missing from /actuator/prometheus").isEmpty();
    }
}
