package io.authbridge.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.authbridge.directory.DirectoryStore;
import io.authbridge.directory.Organization;
import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.NewToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.TokenKind;
import io.authbridge.token.TokenService;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one setup of every end-to-end test: the application on a random port with only its own defaults
 * and the test routes ({@code gateway-test-routes.yml}, never the quick start's {@code ./config/}), an
 * in-memory H2 store of its own, and a WireMock server as the upstream of every route. All subclasses share
 * one application context; each test makes its own organization, project and tokens through the
 * application's own API, so tests do not see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.location=classpath:/application.yml,classpath:/gateway-test-routes.yml",
        "authbridge.security.token-pepper=end-to-end-test-pepper-0123456789",
        // the suites send thousands of unknown tokens from one address; FailureLimitTest covers the limit
        "authbridge.authentication.failure-limit.enabled=false",
        // below the slow upstream's 3 s: routes without a response-timeout of their own get a 504 after it
        "authbridge.upstream.response-timeout=1500ms" })
public abstract class GatewayTestSupport {

    /** The upstream of every route; answers 200 {@code {"upstream":"ok"}}, and after 3 s under /slow and /sluggish. */
    protected static final WireMockServer upstream = startUpstream();

    private static final String STORE_NAME = "gateway-test-" + UUID.randomUUID();

    /** A port where nothing listens: the upstream of the {@code down} route. */
    private static final int DOWN_PORT = freePort();

    @LocalServerPort
    protected int port;

    @Autowired
    protected DirectoryStore directory;

    @Autowired
    protected TokenService tokens;

    protected WebTestClient client;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("test.upstream.url", upstream::baseUrl);
        registry.add("test.down.port", () -> DOWN_PORT);
        registry.add("spring.r2dbc.url", () -> "r2dbc:h2:mem:///" + STORE_NAME + ";DB_CLOSE_DELAY=-1");
    }

    @BeforeEach
    void resetUpstreamAndClient() {
        upstream.resetRequests();
        client = WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(10))
            .build();
    }

    private static WireMockServer startUpstream() {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"upstream\":\"ok\"}")));
        server.stubFor(any(urlPathMatching("/(slow|sluggish)/.*")).willReturn(aResponse().withStatus(200)
            .withFixedDelay(3000)
            .withBody("too late")));
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The one request the upstream received since this test began. */
    protected static LoggedRequest receivedUpstream() {
        List<LoggedRequest> requests = upstream.findAll(anyRequestedFor(anyUrl()));
        assertThat(requests).as("requests that reached the upstream").hasSize(1);
        return requests.get(0);
    }

    protected static void assertUpstreamReceivedNothing() {
        assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).as("requests that reached the upstream").isEmpty();
    }

    /** A new organization with one project. */
    protected Project newProject() {
        Instant now = Instant.now();
        Organization organization = directory
            .createOrganization(new Organization(UUID.randomUUID(), "Org " + now, now, now))
            .block();
        return directory.createProject(new Project(UUID.randomUUID(), organization.id(), null, "Project", false, now, now))
            .block();
    }

    /** A subproject of {@code parent}. */
    protected Project newSubproject(Project parent) {
        Instant now = Instant.now();
        return directory.createProject(new Project(UUID.randomUUID(), parent.organizationId(), parent.id(), "Sub", false,
                now, now)).block();
    }

    /** An Exceptionless-style key of the project with these scopes (implications included) and no permissions. */
    protected IssuedToken scopedToken(Project project, Scope... scopes) {
        int mask = 0;
        for (Scope scope : scopes) {
            mask |= scope.bit();
        }
        return issue(project, Scope.withImplied(mask), 0, null, NewToken.SecretStyle.EXCEPTIONLESS);
    }

    /** A SignalWire-style client token of the project with exactly these permissions. */
    protected IssuedToken permissionToken(Project project, Permission... permissions) {
        int mask = 0;
        for (Permission permission : permissions) {
            mask |= permission.bit();
        }
        return issue(project, Scope.CLIENT.bit(), mask, null, NewToken.SecretStyle.SIGNALWIRE);
    }

    protected IssuedToken issue(Project project, int scopes, int permissions, Instant expires,
            NewToken.SecretStyle style) {
        return tokens.issue(new NewToken(TokenKind.ACCESS, project.organizationId(), project.id(), null, "test", null,
                scopes, permissions, expires, null, style)).block();
    }

    protected static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    protected static String basic(Project project, IssuedToken token) {
        return basic(project.id().toString(), token.secret());
    }

    protected static String bearer(IssuedToken token) {
        return "Bearer " + token.secret();
    }
}
