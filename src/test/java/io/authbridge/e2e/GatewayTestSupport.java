package io.authbridge.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.authbridge.DrainingConnector;
import io.authbridge.TestCredentials;
import io.authbridge.directory.DirectoryStore;
import io.authbridge.directory.Organization;
import io.authbridge.directory.Project;
import io.authbridge.token.IssuedToken;
import io.authbridge.token.NewToken;
import io.authbridge.token.Permission;
import io.authbridge.token.Scope;
import io.authbridge.token.TokenKind;
import io.authbridge.token.TokenService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
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

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one setup of every end-to-end and management test: the application on a random port with only its own
 * defaults and the test routes ({@code gateway-test-routes.yml}, never the quick start's {@code ./config/}),
 * an in-memory H2 store of its own, a known bootstrap administrator, and one WireMock server
 * ({@link TestUpstream}) as the upstream of every route. All subclasses share one application context (and
 * so one store and one login throttle): each test makes its own organization, project, users and tokens,
 * through the store or through the management APIs as a user would, so tests do not see each other's data;
 * tests that lock logins out connect from a 127.0.0.x address of their own ({@link #clientFrom}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.location=classpath:/application.yml,classpath:/gateway-test-routes.yml",
        "authbridge.security.token-pepper=end-to-end-test-pepper-0123456789",
        // the jwt routes' signing key, generated on first use: not into ./data
        "authbridge.identity-assertion.generated-key-file=target/gateway-test-identity-assertion-key.pem",
        "authbridge.identity-assertion.issuer=https://gateway.test",
        "authbridge.bootstrap.admin-email=" + GatewayTestSupport.ADMIN_EMAIL,
        "authbridge.bootstrap.admin-password=" + GatewayTestSupport.ADMIN_PASSWORD,
        // the suites send thousands of unknown tokens from one address; FailureLimitTest covers the limit
        "authbridge.authentication.failure-limit.enabled=false",
        // below the slow upstream's 3 s: routes without a response-timeout of their own get a 504 after it
        "authbridge.upstream.response-timeout=1500ms",
        // the management plane on a random port of its own (managementPort)
        "management.server.port=0",
        // contexts close at the end of the JVM: no drain there (DrainTest drains a gateway process of its own)
        "authbridge.shutdown.drain=0s",
        // and one after another: without Reactor Netty's quiet period of 2 s each (with some 30 contexts the fork
        // took longer than the 30 s Surefire gives it to exit, and was killed)
        "spring.reactor.netty.shutdown-quiet-period=0s" })
public abstract class GatewayTestSupport {

    protected static final String ADMIN_EMAIL = "admin@authbridge.test";

    protected static final String ADMIN_PASSWORD = "bootstrap-secret-1";

    protected static final String PROBLEM_JSON = "application/problem+json";

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    /** The upstream of every route (see {@link TestUpstream}). */
    protected static final WireMockServer upstream = startUpstream();

    /** The upstream of the {@code recorded-*} routes: what arrived of each request, byte for byte. */
    static final RecordingUpstream recordingUpstream = RecordingUpstream.start();

    private static final String STORE_NAME = "gateway-test-" + UUID.randomUUID();

    /** The application contexts (by port) whose proxy path has been warmed up. */
    private static final Set<Integer> WARMED_PORTS = ConcurrentHashMap.newKeySet();

    /** A port where nothing listens: the upstream of the {@code down} route. */
    private static final int DOWN_PORT = freePort();

    /** The port of the {@code scripted} route's upstream, a {@link ScriptedUpstream} where a test starts one. */
    protected static final int SCRIPTED_PORT = freePort();

    @LocalServerPort
    protected int port;

    /** The actuator's port (management.server.port). */
    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected DirectoryStore directory;

    @Autowired
    protected TokenService tokens;

    protected WebTestClient client;

    @DynamicPropertySource
    static void gatewayProperties(DynamicPropertyRegistry registry) {
        registry.add("test.upstream.url", upstream::baseUrl);
        registry.add("test.recording-upstream.url", recordingUpstream::baseUrl);
        registry.add("test.down.port", () -> DOWN_PORT);
        registry.add("test.scripted.port", () -> SCRIPTED_PORT);
        registry.add("spring.r2dbc.url", () -> "r2dbc:h2:mem:///" + STORE_NAME + ";DB_CLOSE_DELAY=-1");
    }

    /** The connectors of this test's clients, whose unread response bodies are released after it. */
    private final List<DrainingConnector> connectors = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void releaseUnreadResponses() {
        connectors.forEach(DrainingConnector::drainUnread);
    }

    @BeforeEach
    void resetUpstreamAndClient() {
        client = clientFrom(null);
        warmUp();
        upstream.resetRequests();
    }

    /**
     * The first request an application proxies loads and links the client side (pools, resolver, codecs): on a
     * loaded machine that alone can outlast the tests' 1.5 s response timeout. Each context pays it once here,
     * on a public route, before any test counts.
     */
    private void warmUp() {
        if (!WARMED_PORTS.add(port)) {
            return;
        }
        for (int attempt = 0; attempt < 10; attempt++) {
            if (httpGet("/public/warm-up", null).status() == HttpStatus.OK) {
                return;
            }
        }
    }

    private static WireMockServer startUpstream() {
        WireMockServer server = TestUpstream.start();
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

    /** A client of the management port (the actuator). */
    protected WebTestClient managementClient() {
        return WebTestClient.bindToServer(draining(HttpClient.create(ConnectionProvider.newConnection())))
            .baseUrl("http://127.0.0.1:" + managementPort)
            .responseTimeout(Duration.ofSeconds(20))
            // a scrape of every route's latency histogram is larger than the default 256 KiB
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
            .build();
    }

    /** A client whose connections come from {@code localAddress} (a 127.x.y.z address), or any when null. */
    protected WebTestClient clientFrom(String localAddress) {
        // one connection per request: no test inherits a pooled connection another left in an unknown state
        HttpClient http = HttpClient.create(ConnectionProvider.newConnection());
        if (localAddress != null) {
            http = http.bindAddress(() -> new InetSocketAddress(localAddress, 0));
        }
        return WebTestClient.bindToServer(draining(http))
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(20))
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
            .build();
    }

    /** A connector of {@code http} whose responses' unread bodies are released after the test. */
    private DrainingConnector draining(HttpClient http) {
        DrainingConnector connector = new DrainingConnector(new ReactorClientHttpConnector(http));
        connectors.add(connector);
        return connector;
    }

    // ---------------------------------------------------------------- the upstream

    /** The one request the upstream received since this test began. */
    protected static LoggedRequest receivedUpstream() {
        List<LoggedRequest> requests = upstreamRequests();
        assertThat(requests).as("requests that reached the upstream").hasSize(1);
        return requests.get(0);
    }

    protected static void assertUpstreamReceivedNothing() {
        assertThat(upstreamRequests()).as("requests that reached the upstream").isEmpty();
    }

    /** The requests that reached the upstream since this test began. */
    protected static List<LoggedRequest> upstreamRequests() {
        return upstream.findAll(anyRequestedFor(anyUrl()));
    }

    // ---------------------------------------------------------------- credentials

    /** {@code Basic base64(user:password)}; the user is a project id, {@code client}, or a token. */
    protected static String basic(Object user, String password) {
        return TestCredentials.basic(user, password);
    }

    protected static String basic(Project project, IssuedToken token) {
        return basic(project.id(), token.secret());
    }

    protected static String bearer(IssuedToken token) {
        return bearer(token.secret());
    }

    protected static String bearer(String token) {
        return TestCredentials.bearer(token);
    }

    // ---------------------------------------------------------------- records made in the store

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

    // ---------------------------------------------------------------- requests

    /** What a client sees of a response: status, headers, the body as text and (when JSON) as a tree. */
    protected record Reply(HttpStatus status, HttpHeaders headers, String text) {

        public JsonNode json() {
            assertThat(text).as("response body").isNotNull();
            return JSON.readTree(text);
        }

        public String contentType() {
            MediaType type = headers.getContentType();
            return type == null ? null : type.getType() + "/" + type.getSubtype();
        }

        /** The {@code title} of an Exceptionless problem, after checking it is one with this status. */
        public String problemTitle(int expectedStatus) {
            assertThat(status.value()).as("status of " + text).isEqualTo(expectedStatus);
            assertThat(contentType()).isEqualTo(PROBLEM_JSON);
            JsonNode body = json();
            assertThat(body.get("status").asInt()).isEqualTo(expectedStatus);
            return body.get("title").asString();
        }
    }

    /** Sends {@code body} (a String or bytes as they are, anything else as JSON) and reads the whole answer. */
    protected Reply send(WebTestClient client, HttpMethod method, String uri, String authorization, String contentType,
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
            StringBuilder dump = new StringBuilder("No response to " + method + " "
                    + uri.replaceAll("access_token=[^&]*", "access_token=*") + "; threads:\n");
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

    protected Reply httpGet(String uri, String authorization) {
        return send(client, HttpMethod.GET, uri, authorization, null, null);
    }

    protected Reply httpDelete(String uri, String authorization) {
        return send(client, HttpMethod.DELETE, uri, authorization, null, null);
    }

    protected Reply httpPost(String uri, String authorization, Object body) {
        return send(client, HttpMethod.POST, uri, authorization, body == null ? null : "application/json", body);
    }

    protected Reply httpPatch(String uri, String authorization, Object body) {
        return send(client, HttpMethod.PATCH, uri, authorization, body == null ? null : "application/json", body);
    }

    // ---------------------------------------------------------------- records made through the management APIs

    /** A login token of the user, or a failed assertion. */
    protected String login(String email, String password) {
        Reply reply = httpPost("/api/v2/auth/login", null, Map.of("email", email, "password", password));
        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.OK);
        return reply.json().get("token").asString();
    }

    protected String adminToken() {
        return login(ADMIN_EMAIL, ADMIN_PASSWORD);
    }

    protected UUID createOrganization(String loginToken, String name) {
        Reply reply = httpPost("/api/v2/organizations", bearer(loginToken), Map.of("name", name));
        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.CREATED);
        return UUID.fromString(reply.json().get("id").asString());
    }

    protected UUID createProject(String loginToken, UUID organizationId, String name) {
        Reply reply = httpPost("/api/v2/projects", bearer(loginToken),
                Map.of("organization_id", organizationId.toString(), "name", name));
        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.CREATED);
        return UUID.fromString(reply.json().get("id").asString());
    }

    protected UUID createUser(String adminToken, String email, String password, boolean globalAdmin,
            UUID... organizations) {
        List<String> ids = new ArrayList<>();
        for (UUID organization : organizations) {
            ids.add(organization.toString());
        }
        Reply reply = httpPost("/api/v2/users", bearer(adminToken), Map.of("email_address", email, "password", password,
                "full_name", "Test User", "is_global_admin", globalAdmin, "organization_ids", ids));
        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.CREATED);
        return UUID.fromString(reply.json().get("id").asString());
    }

    /** A project API key minted through the Exceptionless API; the returned view's {@code id} is the key. */
    protected JsonNode createProjectToken(String loginToken, UUID projectId, List<String> scopes) {
        Reply reply = httpPost("/api/v2/projects/" + projectId + "/tokens", bearer(loginToken), Map.of("scopes", scopes));
        assertThat(reply.status()).as(reply.text()).isEqualTo(HttpStatus.CREATED);
        return reply.json();
    }

    /**
     * An organization with one project, a (non-administrator) member of it and that member's login token,
     * all made by the bootstrap administrator through the API.
     */
    protected Tenant newTenant(String label) {
        String admin = adminToken();
        UUID organization = createOrganization(admin, label + " Inc");
        UUID project = createProject(admin, organization, label + " Project");
        String email = label.toLowerCase(Locale.ROOT).replace(' ', '-') + "-" + UUID.randomUUID() + "@example.test";
        String password = "password-" + label;
        UUID user = createUser(admin, email, password, false, organization);
        return new Tenant(organization, project, user, email, password, login(email, password));
    }

    protected record Tenant(UUID organizationId, UUID projectId, UUID userId, String email, String password,
            String loginToken) {
    }

    /**
     * A project key with the {@code user} scope and every permission given to it, {@code management} included (as
     * an import can make it): it may call the SignalWire management API as {@code Basic project_id:key}, which
     * the {@code user} scope alone does not allow (an API key manages with the permissions it was given).
     */
    protected String projectAdministratorKey(Tenant tenant) {
        return tokens.issue(new NewToken(TokenKind.ACCESS, tenant.organizationId(), tenant.projectId(), null, null, null,
                Scope.withImplied(Scope.USER.bit()), Permission.ALL, null, tenant.userId(),
                NewToken.SecretStyle.EXCEPTIONLESS)).block().secret();
    }
}
