package io.authbridge.management;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one setup of the management API tests: the application on a random port with only its own defaults
 * (never the quick start's {@code ./config/}), a known bootstrap administrator, a WireMock upstream behind
 * three routes, and an in-memory H2 store named after the test class's {@code test.store} property, so each
 * class has its own store and its own application (and so its own login throttle). Tests provision what
 * they need through the management APIs themselves, as a user would.
 *
 * <p>Routes: {@code /api/v2/**} (Exceptionless dialect, scope {@code client}, credential preserved),
 * {@code /api/messaging/**} (SignalWire dialect, permission {@code messaging}, upstream gets Bearer) and
 * {@code /echo/**} (any valid token, upstream gets Basic {@code project_id:token}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.location=classpath:/application.yml",
        "spring.r2dbc.url=r2dbc:h2:mem:///management-${test.store:shared};DB_CLOSE_DELAY=-1",
        "authbridge.security.token-pepper=management-test-pepper-0123456789",
        "authbridge.authentication.failure-limit.enabled=false",
        "authbridge.bootstrap.admin-email=" + ManagementTestSupport.ADMIN_EMAIL,
        "authbridge.bootstrap.admin-password=" + ManagementTestSupport.ADMIN_PASSWORD })
abstract class ManagementTestSupport {

    static final String ADMIN_EMAIL = "admin@authbridge.test";

    static final String ADMIN_PASSWORD = "bootstrap-secret-1";

    static final String PROBLEM_JSON = "application/problem+json";

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The upstream of every route: answers 200 {@code {"upstream":"ok"}}. */
    static final WireMockServer upstream = startUpstream();

    @LocalServerPort
    int port;

    WebTestClient client;

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        String routes = "spring.cloud.gateway.server.webflux.routes";
        registry.add(routes + "[0].id", () -> "exceptionless-api");
        registry.add(routes + "[0].uri", upstream::baseUrl);
        registry.add(routes + "[0].predicates[0]", () -> "Path=/api/v2/**");
        registry.add(routes + "[0].metadata.dialect", () -> "exceptionless");
        registry.add(routes + "[0].filters[0].name", () -> "Authorize");
        registry.add(routes + "[0].filters[0].args.scopes", () -> "client");

        registry.add(routes + "[1].id", () -> "signalwire-messaging");
        registry.add(routes + "[1].uri", upstream::baseUrl);
        registry.add(routes + "[1].predicates[0]", () -> "Path=/api/messaging/**");
        registry.add(routes + "[1].metadata.dialect", () -> "signalwire");
        registry.add(routes + "[1].filters[0].name", () -> "Authorize");
        registry.add(routes + "[1].filters[0].args.permissions", () -> "messaging");
        registry.add(routes + "[1].filters[1].name", () -> "UpstreamAuth");
        registry.add(routes + "[1].filters[1].args.mode", () -> "bearer");

        registry.add(routes + "[2].id", () -> "echo");
        registry.add(routes + "[2].uri", upstream::baseUrl);
        registry.add(routes + "[2].predicates[0]", () -> "Path=/echo/**");
        registry.add(routes + "[2].filters[0].name", () -> "UpstreamAuth");
        registry.add(routes + "[2].filters[0].args.mode", () -> "basic");
    }

    @BeforeEach
    void newClient() {
        upstream.resetRequests();
        client = clientFrom(null);
    }

    /** A client whose connections come from {@code localAddress} (a 127.x.y.z address), or any when null. */
    WebTestClient clientFrom(String localAddress) {
        // one connection per request: no test inherits a pooled connection another left in an unknown state
        HttpClient http = HttpClient.create(ConnectionProvider.newConnection());
        if (localAddress != null) {
            http = http.bindAddress(() -> new InetSocketAddress(localAddress, 0));
        }
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(http))
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(20))
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
            .build();
    }

    private static WireMockServer startUpstream() {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"upstream\":\"ok\"}")));
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    // ---------------------------------------------------------------- requests

    /** What a client sees of a response: status, headers, the body as text and (when JSON) as a tree. */
    record Reply(HttpStatus status, HttpHeaders headers, String text) {

        JsonNode json() {
            assertThat(text).as("response body").isNotNull();
            return JSON.readTree(text);
        }

        String contentType() {
            MediaType type = headers.getContentType();
            return type == null ? null : type.getType() + "/" + type.getSubtype();
        }

        /** The {@code title} of an Exceptionless problem, after checking it is one with this status. */
        String problemTitle(int expectedStatus) {
            assertThat(status.value()).as("status of " + text).isEqualTo(expectedStatus);
            assertThat(contentType()).isEqualTo(PROBLEM_JSON);
            JsonNode body = json();
            assertThat(body.get("status").asInt()).isEqualTo(expectedStatus);
            return body.get("title").asString();
        }
    }

    Reply send(WebTestClient client, HttpMethod method, String uri, String authorization, String contentType,
            Object body) {
        var spec = client.method(method).uri(uri);
        if (authorization != null) {
            spec.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        if (contentType != null) {
            spec.header(HttpHeaders.CONTENT_TYPE, contentType);
        }
        WebTestClient.RequestHeadersSpec<?> ready = body == null ? spec
                : spec.bodyValue(body instanceof String || body instanceof byte[] ? body : JSON.writeValueAsString(body));
        EntityExchangeResult<byte[]> result;
        try {
            result = ready.exchange().expectBody().returnResult();
        }
        catch (IllegalStateException timeout) {
            // a response that never came: show where every thread was, to tell a server stall from a client one
            StringBuilder dump = new StringBuilder("No response to " + method + " " + uri.replaceAll("access_token=[^&]*",
                    "access_token=*") + "; threads:\n");
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                dump.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                    dump.append("    at ").append(frame).append('\n');
                }
            });
            System.err.println(dump);
            throw timeout;
        }
        byte[] bytes = result.getResponseBody();
        return new Reply(HttpStatus.valueOf(result.getStatus().value()), result.getResponseHeaders(),
                bytes == null ? null : new String(bytes, StandardCharsets.UTF_8));
    }

    Reply get(String uri, String authorization) {
        return send(client, HttpMethod.GET, uri, authorization, null, null);
    }

    Reply delete(String uri, String authorization) {
        return send(client, HttpMethod.DELETE, uri, authorization, null, null);
    }

    Reply post(String uri, String authorization, Object body) {
        return send(client, HttpMethod.POST, uri, authorization, body == null ? null : "application/json", body);
    }

    Reply patch(String uri, String authorization, Object body) {
        return send(client, HttpMethod.PATCH, uri, authorization, body == null ? null : "application/json", body);
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String basic(Object projectId, String token) {
        return "Basic " + Base64.getEncoder().encodeToString((projectId + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- provisioning through the APIs

    /** A login token of the user, or a failed assertion. */
    String login(String email, String password) {
        Reply reply = post("/api/v2/auth/login", null, Map.of("email", email, "password", password));
        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.OK);
        return reply.json().get("token").asString();
    }

    String adminToken() {
        return login(ADMIN_EMAIL, ADMIN_PASSWORD);
    }

    UUID createOrganization(String loginToken, String name) {
        Reply reply = post("/api/v2/organizations", bearer(loginToken), Map.of("name", name));
        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.CREATED);
        return UUID.fromString(reply.json().get("id").asString());
    }

    UUID createProject(String loginToken, UUID organizationId, String name) {
        Reply reply = post("/api/v2/projects", bearer(loginToken),
                Map.of("organization_id", organizationId.toString(), "name", name));
        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.CREATED);
        return UUID.fromString(reply.json().get("id").asString());
    }

    UUID createUser(String adminToken, String email, String password, boolean globalAdmin, UUID... organizations) {
        List<String> ids = new ArrayList<>();
        for (UUID organization : organizations) {
            ids.add(organization.toString());
        }
        Reply reply = post("/api/v2/users", bearer(adminToken), Map.of("email_address", email, "password", password,
                "full_name", "Test User", "is_global_admin", globalAdmin, "organization_ids", ids));
        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.CREATED);
        return UUID.fromString(reply.json().get("id").asString());
    }

    /** A project API key minted through the Exceptionless API; the returned view's {@code id} is the token. */
    JsonNode createProjectToken(String loginToken, UUID projectId, List<String> scopes) {
        Reply reply = post("/api/v2/projects/" + projectId + "/tokens", bearer(loginToken), Map.of("scopes", scopes));
        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.CREATED);
        return reply.json();
    }

    /**
     * An organization with one project, a (non-administrator) member of it and that member's login token,
     * all made by the bootstrap administrator through the API.
     */
    Tenant newTenant(String label) {
        String admin = adminToken();
        UUID organization = createOrganization(admin, label + " Inc");
        UUID project = createProject(admin, organization, label + " Project");
        String email = label.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "-" + UUID.randomUUID()
                + "@example.test";
        String password = "password-" + label;
        UUID user = createUser(admin, email, password, false, organization);
        return new Tenant(organization, project, user, email, password, login(email, password));
    }

    record Tenant(UUID organizationId, UUID projectId, UUID userId, String email, String password, String loginToken) {
    }

    /**
     * A project token with the {@code user} scope: an administrator of the project, so it holds
     * {@code management} and may call the SignalWire management API as {@code Basic project_id:token}.
     */
    String projectAdministratorKey(Tenant tenant) {
        return createProjectToken(tenant.loginToken(), tenant.projectId(), List.of("user")).get("id").asString();
    }

    // ---------------------------------------------------------------- the upstream

    /** The requests that reached the upstream since this test began. */
    static List<LoggedRequest> upstreamRequests() {
        return upstream.findAll(anyRequestedFor(anyUrl()));
    }
}
