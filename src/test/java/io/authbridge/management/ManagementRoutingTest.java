package io.authbridge.management;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.authbridge.e2e.GatewayTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management APIs and the routes side by side: management paths do not shadow routed paths they do not
 * serve (ids in management paths are UUIDs), and a token minted in either dialect works in both credential
 * styles at once through the routes.
 */
class ManagementRoutingTest extends GatewayTestSupport {

    @Test
    void projectConfigWithAClientKeyReachesTheConfiguredRoute() {
        Tenant tenant = newTenant("Config");
        String key = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();

        Reply reply = httpGet("/api/v2/projects/config?v=3", bearer(key));

        assertThat(reply.status()).isEqualTo(HttpStatus.OK);
        assertThat(reply.text()).isEqualTo("{\"upstream\":\"ok\"}");
        LoggedRequest forwarded = upstreamRequests().get(0);
        assertThat(forwarded.getUrl()).isEqualTo("/api/v2/projects/config?v=3");
        assertThat(forwarded.getHeader("Authorization")).isEqualTo(bearer(key));
        assertThat(forwarded.getHeader("X-Auth-Project-Id")).isEqualTo(tenant.projectId().toString());
    }

    @Test
    void theQueryStringKeyReachesTheRouteWithoutTheKey() {
        Tenant tenant = newTenant("Config Query");
        String key = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();

        Reply reply = httpGet("/api/v2/projects/config?access_token=" + key + "&v=3", null);

        assertThat(reply.status()).isEqualTo(HttpStatus.OK);
        assertThat(upstreamRequests().get(0).getUrl()).isEqualTo("/api/v2/projects/config?v=3");
    }

    @Test
    void pathsUnderManagementPrefixesThatManagementDoesNotServeAreRouted() {
        Tenant tenant = newTenant("Unserved");
        String key = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("client")).get("id").asString();

        for (String path : List.of("/api/v2/projects/" + tenant.projectId() + "/config", "/api/v2/projects/not-a-uuid",
                "/api/v2/tokens/" + UUID.randomUUID(), "/api/v2/organizations/" + tenant.organizationId() + "/projects",
                "/api/v2/events")) {
            upstream.resetRequests();
            Reply reply = httpGet(path, bearer(key));
            assertThat(reply.status()).as(path).isEqualTo(HttpStatus.OK);
            assertThat(reply.text()).as(path).isEqualTo("{\"upstream\":\"ok\"}");
            assertThat(upstreamRequests()).as(path).hasSize(1);
        }
    }

    @Test
    void managementPathsAreServedByTheGatewayAndNeverForwarded() {
        Tenant tenant = newTenant("Served");

        httpGet("/api/v2/projects", bearer(tenant.loginToken()));
        httpGet("/api/v2/projects/" + tenant.projectId(), bearer(tenant.loginToken()));
        httpGet("/api/v2/projects/" + tenant.projectId() + "/tokens", bearer(tenant.loginToken()));
        httpPost("/api/v2/auth/login", null, Map.of("email", tenant.email(), "password", tenant.password()));

        assertThat(upstreamRequests()).isEmpty();
    }

    @Test
    void anExceptionlessKeyWorksAsBearerAndAsBasicAtTheSameTime() {
        Tenant tenant = newTenant("Exceptionless Both");
        String key = createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("user")).get("id").asString();

        assertThat(httpGet("/api/v2/events", bearer(key)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/api/messaging/send", basic(tenant.projectId(), key)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/api/messaging/send", bearer(key)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/echo/x", bearer(key)).status()).isEqualTo(HttpStatus.OK);
        List<LoggedRequest> forwarded = upstreamRequests();
        assertThat(forwarded.get(0).getHeader("Authorization")).isEqualTo(bearer(key));
        assertThat(forwarded.get(1).getHeader("Authorization")).isEqualTo(bearer(key));
        assertThat(forwarded.get(3).getHeader("Authorization")).isEqualTo(basic(tenant.projectId(), key));
    }

    @Test
    void aSignalWireTokenWorksAsBasicAndAsBearerAtTheSameTime() {
        Tenant tenant = newTenant("SignalWire Both");
        String manager = projectAdministratorKey(tenant);
        String token = httpPost("/api/project/tokens", basic(tenant.projectId(), manager),
                Map.of("name", "both", "permissions", List.of("messaging"))).json().get("token").asString();

        assertThat(httpGet("/api/messaging/send", basic(tenant.projectId(), token)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/api/v2/events", bearer(token)).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/api/v2/events?access_token=" + token, null).status()).isEqualTo(HttpStatus.OK);
        assertThat(httpGet("/echo/x", bearer(token)).status()).isEqualTo(HttpStatus.OK);
        assertThat(upstreamRequests().get(3).getHeader("Authorization")).isEqualTo(basic(tenant.projectId(), token));
    }
}
