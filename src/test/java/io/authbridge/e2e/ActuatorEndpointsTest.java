package io.authbridge.e2e;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management plane is off the traffic port: the actuator answers on {@code management.server.port} only,
 * with health as a bare status (probes included) and Prometheus there, write endpoints off; on the gateway's
 * port {@code /actuator/**} is an ordinary unrouted path.
 */
class ActuatorEndpointsTest extends GatewayTestSupport {

    @Test
    void healthAndPrometheusAnswerOnTheManagementPort() {
        WebTestClient management = managementClient();
        management.get().uri("/actuator/health").exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/public/anything").exchange().expectStatus().isOk();

        String metrics = management.get().uri("/actuator/prometheus").exchange()
            .expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();

        assertThat(metrics).contains("authbridge_requests_seconds_count").contains("cache_gets_total");
    }

    @Test
    void healthShowsAnAnonymousCallerNeitherDetailsNorComponents() {
        String health = managementClient().get().uri("/actuator/health").exchange()
            .expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();

        assertThat(JSON.readTree(health).propertyNames()).containsOnly("status", "groups");
        assertThat(health).doesNotContain("r2dbc", "diskSpace", "components", "details");
    }

    @Test
    void livenessAndReadinessProbesAnswerOnTheManagementPort() {
        managementClient().get().uri("/actuator/health/liveness").exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP");
        managementClient().get().uri("/actuator/health/readiness").exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void theBasePathListsTheExposedEndpoints() {
        managementClient().get().uri("/actuator").accept(MediaType.APPLICATION_JSON).exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$._links.health.href").exists()
            .jsonPath("$._links.prometheus.href").exists()
            .jsonPath("$._links.env").doesNotExist();
    }

    @Test
    void endpointsThatAreNotExposedAreNotServed() {
        WebTestClient management = managementClient();
        management.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        management.post().uri("/actuator/shutdown").exchange().expectStatus().isNotFound();
        management.post().uri("/actuator/loggers/io.authbridge").contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"configuredLevel\":\"TRACE\"}").exchange().expectStatus().isNotFound();
        assertUpstreamReceivedNothing();
    }

    @Test
    void theActuatorIsAnUnroutedPathOnTheGatewayPort() {
        for (String path : new String[] { "/actuator", "/actuator/health", "/actuator/prometheus",
                "/actuator/health/liveness", "/actuator/env", "/ACTUATOR/health" }) {
            client.get().uri(path).exchange()
                .expectStatus().isNotFound()
                .expectBody().json("{\"error\":\"Not Found\"}");
        }
        assertUpstreamReceivedNothing();
    }

    @Test
    void aRoutePathThatOnlyStartsLikeTheBasePathIsRouted() {
        client.get().uri("/public/actuator/health").exchange()
            .expectStatus().isOk().expectBody(String.class).isEqualTo("{\"upstream\":\"ok\"}");

        assertThat(receivedUpstream().getUrl()).isEqualTo("/public/actuator/health");
    }
}
