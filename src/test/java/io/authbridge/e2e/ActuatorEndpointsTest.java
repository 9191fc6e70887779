package io.authbridge.e2e;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.actuate.endpoint.web.WebFluxEndpointHandlerMapping;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator shares the gateway's port: its endpoints answer under {@code /actuator} only, the write
 * endpoints stay off, and every other path is the routes' (a route's own {@code actuator} path included).
 */
class ActuatorEndpointsTest extends GatewayTestSupport {

    @Autowired
    private WebFluxEndpointHandlerMapping endpointMapping;

    @Test
    void theGatewayPortUsesTheMappingThatIgnoresPathsOutsideTheBasePath() {
        // the stock mapping works too, but matches every proxied request against every endpoint first
        assertThat(endpointMapping.getClass().getSimpleName()).isEqualTo("ActuatorHandlerMapping");
    }

    @Test
    void healthAndPrometheusAnswerUnderTheBasePath() {
        client.get().uri("/actuator/health").exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP");
        client.get().uri("/public/anything").exchange().expectStatus().isOk();

        String metrics = client.get().uri("/actuator/prometheus").exchange()
            .expectStatus().isOk()
            .expectBody(String.class).returnResult().getResponseBody();

        assertThat(metrics).contains("authbridge_requests_seconds_count").contains("cache_gets_total");
    }

    @Test
    void theBasePathListsTheExposedEndpoints() {
        client.get().uri("/actuator").accept(MediaType.APPLICATION_JSON).exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$._links.health.href").exists()
            .jsonPath("$._links.env").doesNotExist();
    }

    @Test
    void endpointsThatAreNotExposedAreNotServed() {
        client.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
        client.post().uri("/actuator/shutdown").exchange().expectStatus().isNotFound();
        assertUpstreamReceivedNothing();
    }

    @Test
    void aRoutePathThatOnlyStartsLikeTheBasePathIsRouted() {
        client.get().uri("/public/actuator/health").exchange()
            .expectStatus().isOk().expectBody(String.class).isEqualTo("{\"upstream\":\"ok\"}");

        assertThat(receivedUpstream().getUrl()).isEqualTo("/public/actuator/health");
    }
}
